import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { env } from "../../env";
import { backupNow, runRow, userActor, waitForRestore } from "../../../test/restore/testing";
import { startRestore } from "../../services/restores/create";
import { cancelRestoreService } from "../../services/restores/cancel";
import { startTestRestore } from "../../services/restores/start-test";
import { scratchDatabaseName } from "../types/shared/scratch-rights";

const DB = `lb_restore_cancel_${process.pid}`;
const psql = (sql: string, db = DB) => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();
/** The pg_restore session on our database, when it is copying table data (after the --clean drops). */
const copying = () => psql(`select count(*) from pg_stat_activity where datname = '${DB}' and application_name = 'pg_restore' and query ilike 'COPY %'`, "postgres") !== "0";
const restoreSessions = () => Number(psql(`select count(*) from pg_stat_activity where datname = '${DB}' and application_name = 'pg_restore'`, "postgres"));
const fingerprint = () => psql("select count(*), sum(length(v)), max(v) from big") + " | " + psql("select string_agg(note, ',' order by note) from marker") + " | " + psql("select count(*) from slow");

// A full run on a loaded 2-core machine took over 2 min to reach the COPY (backup + safety backup first).
async function until(what: string, fn: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const test = await serviceTest("postgres");

describe("cancelling a restore", () => {
  beforeAll(() => {
    psql(`drop database if exists ${DB} with (force)`, "postgres");
    psql(`create database ${DB}`, "postgres");
    // 300k rows (a ~10 MB dump) plus a table whose CHECK sleeps 2 ms a row: pg_restore's COPY of
    // it takes ~4 s, a window in which the restore is reliably in the middle of its transaction.
    psql(
      "create table big(id int primary key, v text); insert into big select g, md5(g::text) || md5((g*7)::text) from generate_series(1, 300000) g;" +
        "create function slow_ok(int) returns boolean language plpgsql immutable as $$ begin perform pg_sleep(0.002); return true; end $$;" +
        "create table slow(id int primary key check (slow_ok(id))); insert into slow select generate_series(1, 2000);" +
        "create table marker(note text); insert into marker values ('backed-up')",
    );
  });
  afterAll(() => {
    psql(`drop database if exists ${DB} with (force)`, "postgres");
  });

  test("a cancel mid pg_restore --single-transaction kills it and rolls back: the database is exactly as before", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${DB}` }, storageRoot: tmpDir("lb-cancel-store-") });
    const base = await backupNow(op, t.id);
    // What the restore would undo: rows changed and added after the backup.
    psql("update big set v = 'changed after the backup' where id <= 1000; insert into big values (300001, 'new'); insert into marker values ('after-backup')");
    const before = fingerprint();

    const started = await startRestore(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name });
    await until("pg_restore copies table data (its DROPs already ran, inside the transaction)", copying, 240_000);
    const cancelled = await cancelRestoreService(op, started.id);

    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.error).toMatch(/^Cancelled by restore-operator\d+-\d+@example\.test\. pg_restore runs in one transaction: it was rolled back/);
    // The server ends the dead client's session and rolls its transaction back.
    await until("the pg_restore session is gone", () => restoreSessions() === 0, 20_000);
    expect(fingerprint()).toBe(before);
    expect(psql("select v from big where id = 1")).toBe("changed after the backup");
    // The safety backup ran before the restore began, and the scratch dump is gone.
    expect(runRow(cancelled.safetyRunId!).status).toBe("success");
    expect(fs.existsSync(path.join(env().dataDir, "restore-work", String(started.id)))).toBe(false);
    const log = fs.readFileSync(path.join(env().dataDir, "logs", `restore-${started.id}.log`), "utf8");
    expect(log).toMatch(/CANCELLED: Cancelled by/);
  }, 420_000);

  test("a cancelled test restore drops its scratch database and leaves the run's verification alone", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${DB}` }, storageRoot: tmpDir("lb-cancel-store-") });
    const base = await backupNow(op, t.id);
    const started = startTestRestore(op, base.id);
    const scratch = scratchDatabaseName(started.id);
    await until("pg_restore copies into the scratch database", () => psql(`select count(*) from pg_stat_activity where datname = '${scratch}' and query ilike 'COPY %'`, "postgres") !== "0", 240_000);
    const r = await cancelRestoreService(op, started.id);
    expect(r.status).toBe("cancelled");
    expect((await waitForRestore(started.id)).status).toBe("cancelled");
    expect(psql(`select count(*) from pg_database where datname = '${scratch}'`, "postgres")).toBe("0");
    expect(runRow(base.id)).toMatchObject({ verifyStatus: null, verifiedAt: null });
  }, 420_000);
});
