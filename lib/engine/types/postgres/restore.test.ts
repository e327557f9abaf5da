import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, runRow, userActor } from "../../../../test/restore/testing";
import { runTestRestore } from "../../../services/restores/start-test";
import { getRestorePreview } from "../../../services/restores/preview";
import { startRestore } from "../../../services/restores/create";
import { scratchDatabaseName } from "../shared/scratch-rights";

const DB = `lb_restore_pg_${process.pid}`;
const ALT = `${DB}_alt`;
const psql = (sql: string, db = DB) => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();
const dbs = () => psql("select datname from pg_database", "postgres").split("\n");

const test = await serviceTest("postgres");

describe("PostgreSQL restore round trip", () => {
  beforeAll(() => {
    for (const d of [DB, ALT]) psql(`drop database if exists ${d}`, "postgres");
    psql(`create database ${DB}`, "postgres");
    psql("create schema shop; create table shop.items(id int primary key, name text); insert into shop.items values (1,'one'),(2,'two'),(3,'three'); create table notes(t text); insert into notes values ('a')");
  });
  afterAll(() => {
    for (const d of [DB, ALT]) psql(`drop database if exists ${d} with (force)`, "postgres");
  });

  test("restore brings the data back, the safety backup holds the changed state, roll back restores the change", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${DB}` }, storageRoot: tmpDir("lb-pg-store-") });
    const base = await backupNow(op, t.id);

    // The preview lists the tables from pg_restore --list with the recorded row counts.
    const preview = await getRestorePreview(op, base.id);
    expect(preview.contents).toMatchObject({ kind: "tables" });
    const tables = preview.contents!.kind === "tables" ? preview.contents!.tables : [];
    expect(tables).toEqual(expect.arrayContaining([{ schema: "shop", name: "items", rows: 3 }, { schema: "public", name: "notes", rows: 1 }]));
    expect(preview.destination).toMatchObject({ original: true, safetyBackup: true });
    expect(preview.destination.state).toMatchObject({ exists: true, empty: false });

    psql("update shop.items set name = 'changed' where id = 1; insert into shop.items values (4,'four'); delete from notes");

    await expect(startRestore(op, { runId: base.id, destination: { mode: "original" }, confirmName: "wrong" })).rejects.toThrow(/Type the target's name/);
    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(r.status).toBe("success");
    expect(psql("select string_agg(id||':'||name, ',' order by id) from shop.items")).toBe("1:one,2:two,3:three");
    expect(psql("select count(*) from notes")).toBe("1");

    const safety = runRow(r.safetyRunId!);
    expect(safety).toMatchObject({ trigger: "safety", restoreId: r.id, status: "success", pinned: true });
    expect((safety.manifest as { payload: { tables: { name: string; rows: number }[] } }).payload.tables).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "items", rows: 4 })]),
    );

    const back = await restoreAndWait(op, { runId: safety.id, destination: { mode: "original" }, confirmName: t.name });
    expect(back.status).toBe("success");
    expect(psql("select string_agg(id||':'||name, ',' order by id) from shop.items")).toBe("1:changed,2:two,3:three,4:four");
    expect(psql("select count(*) from notes")).toBe("0");
  });

  test("an alternate database is created fresh, and a non-empty one is refused", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${DB}` }, storageRoot: tmpDir("lb-pg-store-") });
    const base = await backupNow(op, t.id);
    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "alternate", database: ALT }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(r.safetyRunId).toBeNull();
    expect(psql("select count(*) from shop.items", ALT)).toBe(psql("select count(*) from shop.items"));
    await expect(startRestore(op, { runId: base.id, destination: { mode: "alternate", database: ALT }, confirmName: t.name })).rejects.toThrow(
      /already holds data/,
    );
  });

  test("verify by restoring: scratch database compared and dropped, result on the run", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${DB}` }, storageRoot: tmpDir("lb-pg-store-") });
    const base = await backupNow(op, t.id);
    const r = await runTestRestore(op, base.id);
    expect(r.errorSummary).toBeNull();
    expect(r.status).toBe("success");
    expect(dbs()).not.toContain(`${scratchDatabaseName(r.id)}`);
    const run = runRow(base.id);
    expect(run.verifyStatus).toBe("restore-verified");
    expect(run.verifyMessage).toMatch(/^restore-verified at .*rows match the manifest/);
  });
});
