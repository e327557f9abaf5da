import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { craftArtifact } from "@/test/backup/crafted-artifact";
import { restoreAndWait, userActor } from "../../../test/restore/testing";
import { runTestRestore } from "./start-test";
import { ForbiddenError } from "../../errors";
import { updateTarget } from "../targets/update";
import { receiveUpload } from "./upload";
import { startRestore } from "./create";
import { createTestRestore } from "./create-test";
import { getRestorePreview } from "./preview";
import { scheduledTestRestore } from "../../engine/restore/scheduled-test";

const pid = process.pid;
const MARKER = path.join(os.tmpdir(), `lb-pg-pwned-${pid}`);
const SRC = `lb_evil_src_${pid}`;
const GOOD = `lb_good_src_${pid}`;
const TGT = `lb_evil_tgt_${pid}`;
const ROLE = `lb_restorer_${pid}`;
const psql = (sql: string, db = "postgres") => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();
const pgDump = (db: string) => execFileSync("pg_dump", ["-Fc", "-h", "127.0.0.1", "-U", "postgres", db], { maxBuffer: 64 << 20 });
const upload = (actor: Parameters<typeof receiveUpload>[0], targetId: number, dump: Buffer, rows: number) =>
  receiveUpload(actor, { targetId, body: fs.createReadStream(craftArtifact("postgres", "database.dump", dump, [{ schema: "public", name: "t", rows }])) });

const pgTest = await serviceTest("postgres");

describe("an uploaded PostgreSQL dump is untrusted", () => {
  let evil: Buffer;
  let good: Buffer;
  beforeAll(() => {
    fs.rmSync(MARKER, { force: true });
    for (const db of [SRC, GOOD, TGT]) psql(`drop database if exists ${db} with (force)`);
    psql(`drop role if exists ${ROLE}`);
    psql(`create role ${ROLE} login createdb nosuperuser`);
    for (const db of [SRC, GOOD]) psql(`create database ${db}`);
    psql(`create database ${TGT} owner ${ROLE}`);
    // A function the dump calls while it is restored (REFRESH MATERIALIZED VIEW) and that runs a
    // program on the database server. It is harmless while the view is made, evil in the dump.
    psql(
      "create function evil() returns int language plpgsql volatile as $$ begin return 1; end $$; " +
        "create table t (a int); insert into t values (1); create materialized view mv as select evil() as x; " +
        `create or replace function evil() returns int language plpgsql volatile as $$ begin execute format('copy (select 1) to program %L', 'touch ${MARKER}'); return 1; end $$;`,
      SRC,
    );
    psql("create table t (a int); insert into t values (1), (2); create view v as select a from t", GOOD);
    evil = pgDump(SRC);
    good = pgDump(GOOD);
    expect(fs.existsSync(MARKER)).toBe(false);
  });
  afterAll(() => {
    for (const db of [SRC, GOOD, TGT]) psql(`drop database if exists ${db} with (force)`);
    psql(`drop role if exists ${ROLE}`);
    fs.rmSync(MARKER, { force: true });
  });

  pgTest("an operator may not restore or test-restore it into a database; the preview says so and warns about the superuser role", async () => {
    const op = userActor("operator");
    const target = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${TGT}` }, storageRoot: tmpDir("lb-evil-store-") });
    const run = await upload(op, target.id, evil, 1);
    await expect(startRestore(op, { runId: run.id, destination: { mode: "original" }, confirmName: target.name })).rejects.toThrow(ForbiddenError);
    await expect(startRestore(op, { runId: run.id, destination: { mode: "original" }, confirmName: target.name })).rejects.toThrow(/Only an admin can restore an uploaded artifact/);
    expect(() => createTestRestore(op, run.id)).toThrow(ForbiddenError);

    const preview = await getRestorePreview(op, run.id);
    expect(preview.needsAdmin).toBe(true);
    expect(preview.warnings.join("\n")).toContain('The PostgreSQL role "postgres" this restore logs in as is a superuser: a restored dump can run commands on the database server');
    expect(preview.warnings.join("\n")).toMatch(/uploaded, not made by this console/);
    // Nor does a test_restore schedule pick it up (it would run it as the superuser, unasked).
    expect(await scheduledTestRestore({ targetId: target.id, scheduleId: 0 })).toBeNull();
    expect(fs.existsSync(MARKER)).toBe(false);
  });

  pgTest("test restores and restores of it use the restricted login when one is set: the program does not run", async () => {
    const admin = userActor("admin");
    const target = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${TGT}` }, storageRoot: tmpDir("lb-evil-store-") });
    const run = await upload(admin, target.id, evil, 1);

    // With the superuser the dump really does run its program: the danger is not hypothetical.
    await runTestRestore(admin, run.id);
    expect(fs.existsSync(MARKER)).toBe(true);
    fs.rmSync(MARKER, { force: true });

    updateTarget(admin, { id: target.id, source: { url: `postgres://postgres@127.0.0.1:5432/${TGT}`, restoreUser: ROLE, restorePassword: "unused-with-trust" } });
    const preview = await getRestorePreview(admin, run.id);
    expect(preview.restoreLogin).toBe(ROLE);
    expect(preview.warnings.join("\n")).not.toMatch(/is a superuser/);

    const verify = await runTestRestore(admin, run.id);
    expect(verify.status).toBe("failed");
    expect(verify.errorSummary).toMatch(/pg_execute_server_program|superuser/);
    expect(fs.existsSync(MARKER)).toBe(false);

    const restore = await restoreAndWait(admin, { runId: run.id, destination: { mode: "original" }, confirmName: target.name });
    expect(restore.status).toBe("failed");
    expect(fs.existsSync(MARKER)).toBe(false);
    expect(psql("select count(*) from pg_class where relname = 'mv'", TGT)).toBe("0");

    // A plain upload restores fine with the restricted login.
    const fine = await upload(admin, target.id, good, 2);
    const ok = await runTestRestore(admin, fine.id);
    expect(ok.errorSummary).toBeNull();
    expect(ok.status).toBe("success");
    const back = await restoreAndWait(admin, { runId: fine.id, destination: { mode: "original" }, confirmName: target.name });
    expect(back.errorSummary).toBeNull();
    expect(psql("select count(*) from t", TGT)).toBe("2");
    expect(psql("select tableowner from pg_tables where tablename = 't'", TGT)).toBe(ROLE);
  });
});
