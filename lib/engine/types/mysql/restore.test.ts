import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, runRow, userActor } from "../../../../test/restore/testing";
import { runTestRestore } from "../../../services/restores/start-test";
import { getRestorePreview } from "../../../services/restores/preview";
import { scratchDatabaseName } from "../shared/scratch-rights";

const DB = `lb_restore_my_${process.pid}`;
const ALT = `${DB}_alt`;
const sql = (q: string, db: string | null = DB) =>
  execFileSync("mariadb", ["-h", "127.0.0.1", "-u", "root", "--batch", "--skip-column-names", "-e", q, ...(db ? [db] : [])]).toString().trim();

const test = await serviceTest("mysql");

describe("MariaDB restore round trip", () => {
  beforeAll(() => {
    sql(`drop database if exists ${DB}; drop database if exists ${ALT}; create database ${DB}`, null);
    sql("create table items(id int primary key, name varchar(20)); insert into items values (1,'one'),(2,'two'),(3,'three'); create table tags(t varchar(9)); insert into tags values ('x'),('y')");
  });
  afterAll(() => sql(`drop database if exists ${DB}; drop database if exists ${ALT}`, null));

  test("restore, safety backup holds the change, roll back; alternate database; verify by restoring", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "mysql", source: { url: `mysql://root@127.0.0.1:3306/${DB}` }, storageRoot: tmpDir("lb-my-store-") });
    const base = await backupNow(op, t.id);

    const preview = await getRestorePreview(op, base.id);
    expect(preview.contents).toEqual(expect.objectContaining({ kind: "tables", tables: [{ name: "items", rows: 3 }, { name: "tags", rows: 2 }] }));

    sql("update items set name='changed' where id=1; insert into items values (4,'four'); delete from tags");
    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(sql("select group_concat(concat(id,':',name) order by id) from items")).toBe("1:one,2:two,3:three");
    expect(sql("select count(*) from tags")).toBe("2");
    const safety = runRow(r.safetyRunId!);
    expect(safety).toMatchObject({ trigger: "safety", status: "success", pinned: true });
    expect((safety.manifest as { payload: { tables: unknown[] } }).payload.tables).toEqual([{ name: "items", rows: 4 }, { name: "tags", rows: 0 }]);

    const back = await restoreAndWait(op, { runId: safety.id, destination: { mode: "original" }, confirmName: t.name });
    expect(back.errorSummary).toBeNull();
    expect(sql("select group_concat(concat(id,':',name) order by id) from items")).toBe("1:changed,2:two,3:three,4:four");
    expect(sql("select count(*) from tags")).toBe("0");

    // Alternate database: created, filled, and the original is not touched.
    const alt = await restoreAndWait(op, { runId: base.id, destination: { mode: "alternate", database: ALT }, confirmName: t.name });
    expect(alt.errorSummary).toBeNull();
    expect(sql("select count(*) from items", ALT)).toBe("3");
    expect(sql("select count(*) from items")).toBe("4");

    const test = await runTestRestore(op, base.id);
    expect(test.errorSummary).toBeNull();
    expect(runRow(base.id).verifyStatus).toBe("restore-verified");
    expect(sql(`show databases like '${scratchDatabaseName(test.id)}'`, null)).toBe("");
  });
});
