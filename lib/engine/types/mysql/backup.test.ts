import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect } from "vitest";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { serviceTest } from "@/test/services";
import { makeTarget, operator, sha256sumCheck, tmpDir, unpack } from "@/test/backup/fixtures";
import { maria, rand } from "@/test/backup/db-helpers";

const test = await serviceTest("mysql");
const created: string[] = [];
const users: string[] = [];

afterAll(() => {
  for (const db of created) maria(`drop database if exists \`${db}\``);
  for (const u of users) maria(`drop user if exists '${u}'@'%'`);
});

describe("mysql driver", () => {
  test("mariadb-dump of a real database restores into another database with the same rows", async () => {
    const src = `lifeboat_it_${rand()}`;
    const dst = `lifeboat_it_${rand()}`;
    created.push(src, dst);
    maria(`create database ${src}; create database ${dst}`);
    maria(
      `create table items (id int auto_increment primary key, name varchar(50), data blob);
       insert into items (name, data) select concat('item ', seq), unhex(md5(seq)) from seq_1_to_777;
       create table \`odd name\` (v int); insert into \`odd name\` values (5),(6);
       create trigger items_bi before insert on items for each row set new.name = upper(new.name);`,
      src,
    );
    const t = makeTarget({ type: "mysql", source: { url: `mysql://root@127.0.0.1:3306/${src}` }, storageRoot: tmpDir("lb-store-"), compression: "none" });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.errorSummary).toBeNull();
    expect(run.status).toBe("success");
    const file = artifactAbsolutePath(run.storageRoot!, run.artifactPath!);
    expect(file.endsWith(".tar")).toBe(true);
    expect(sha256sumCheck(file)).toContain(": OK");
    const out = unpack(file);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest.payload.name).toBe("database.sql");
    expect(manifest.payload.tables).toEqual([
      { name: "items", rows: 777 },
      { name: "odd name", rows: 2 },
    ]);
    expect(manifest.server.version).toMatch(/MariaDB/);
    const sql = fs.readFileSync(path.join(out, "database.sql"), "utf8");
    expect(sql).not.toMatch(/^CREATE DATABASE|^USE /m);
    expect(sql).toMatch(/trigger.*items_bi/i);
    execFileSync("bash", ["-c", `mariadb -h 127.0.0.1 -u root ${dst} < "$1"`, "_", path.join(out, "database.sql")]);
    const checksum = (db: string) => maria("checksum table items, `odd name`", db).replace(new RegExp(db, "g"), "");
    expect(checksum(dst)).toBe(checksum(src));
    expect(maria("show triggers", dst)).toContain("items_bi");
  });

  test("a wrong password fails with the server's reason, and the password is in neither log nor summary", async () => {
    const user = `lb_${rand()}`;
    users.push(user);
    maria(`create user '${user}'@'%' identified by 'right-pass'`);
    const t = makeTarget({ type: "mysql", source: { url: `mysql://${user}:Wr0ng-Pass-xyz@127.0.0.1:3306/test` }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/Access denied for user/);
    expect(run.artifactState).toBe("none");
    const log = fs.readFileSync(run.logPath!, "utf8");
    expect(log + run.errorSummary).not.toContain("Wr0ng-Pass-xyz");
  });
});
