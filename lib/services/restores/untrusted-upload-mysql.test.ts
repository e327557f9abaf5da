import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { craftArtifact } from "@/test/backup/crafted-artifact";
import { restoreAndWait, userActor } from "../../../test/restore/testing";
import { runTestRestore } from "./start-test";
import { mysqlDumpArgs } from "../../engine/types/mysql/backup";
import { updateTarget } from "../targets/update";
import { receiveUpload } from "./upload";
import { getRestorePreview } from "./preview";

const pid = process.pid;
const SRC = `lb_myup_src_${pid}`;
const TGT = `lb_myup_tgt_${pid}`;
const USER = `lbrestore${pid}`;
const sql = (q: string, db: string | null = null) =>
  execFileSync("mariadb", ["-h", "127.0.0.1", "-u", "root", "--batch", "--skip-column-names", "-e", q, ...(db ? [db] : [])]).toString().trim();

const test = await serviceTest("mysql");

describe("an uploaded MariaDB dump with the restricted restore login", () => {
  let dumpFile = "";
  beforeAll(() => {
    sql(`drop database if exists ${SRC}; drop database if exists ${TGT}; create database ${SRC}; create database ${TGT}; drop user if exists '${USER}'@'%'`);
    sql(`create user '${USER}'@'%' identified by 'r3strict'; grant all on \`${TGT}\`.* to '${USER}'@'%'; grant all on \`lifeboat\\_verify\\_%\`.* to '${USER}'@'%'`);
    sql(
      "create table items (id int primary key, name varchar(20)); insert into items values (1,'one'),(2,'two'); " +
        "create view v as select id from items; create trigger tr before insert on items for each row set new.name = upper(new.name); " +
        "create procedure p() select count(*) from items; create function f(x int) returns int deterministic return x * 2",
      SRC,
    );
    dumpFile = `${tmpDir("lb-myup-")}/database.sql`;
    execFileSync("mariadb-dump", mysqlDumpArgs(["--host", "127.0.0.1", "--user", "root"], dumpFile, SRC));
    expect(fs.readFileSync(dumpFile, "utf8")).toMatch(/DEFINER=`root`/);
  });
  afterAll(() => sql(`drop database if exists ${SRC}; drop database if exists ${TGT}; drop user if exists '${USER}'@'%'`));

  test("the preview warns about root's FILE/SUPER rights; with the restricted login it restores, views and routines then belong to that login", async () => {
    const admin = userActor("admin");
    const url = `mysql://root@127.0.0.1:3306/${TGT}`;
    const target = makeTarget({ type: "mysql", source: { url }, storageRoot: tmpDir("lb-myup-store-") });
    const artifact = craftArtifact("mysql", "database.sql", fs.readFileSync(dumpFile), [
      { name: "items", rows: 2 },
    ]);
    const run = await receiveUpload(admin, { targetId: target.id, body: fs.createReadStream(artifact) });

    const before = await getRestorePreview(admin, run.id);
    expect(before.warnings.join("\n")).toMatch(/has the FILE privilege: a restored dump can read and write files on the database server/);
    expect(before.warnings.join("\n")).toMatch(/has the SUPER privilege/);

    updateTarget(admin, { id: target.id, source: { url, restoreUser: USER, restorePassword: "r3strict" } });
    const after = await getRestorePreview(admin, run.id);
    expect(after.restoreLogin).toBe(USER);
    expect(after.warnings.join("\n")).not.toMatch(/FILE privilege|SUPER privilege/);

    const verify = await runTestRestore(admin, run.id);
    expect(verify.errorSummary).toBeNull();
    const r = await restoreAndWait(admin, { runId: run.id, destination: { mode: "original" }, confirmName: target.name });
    expect(r.errorSummary).toBeNull();
    expect(sql("select count(*) from items", TGT)).toBe("2");
    expect(sql(`select definer from information_schema.views where table_schema = '${TGT}'`)).toBe(`${USER}@%`);
    expect(sql(`select group_concat(definer) from information_schema.routines where routine_schema = '${TGT}'`)).toBe(`${USER}@%,${USER}@%`);
    expect(fs.readFileSync(r.logPath!, "utf8")).not.toContain("r3strict");
  });
});
