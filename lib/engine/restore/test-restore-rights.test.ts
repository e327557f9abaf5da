import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, runRow, userActor } from "../../../test/restore/testing";
import { runTestRestore } from "../../services/restores/start-test";
import { getRun } from "../../services/runs/get";
import { scratchDatabaseName } from "../types/shared/scratch-rights";

const pid = process.pid;
const PG_ROLE = `lb_nocreatedb_${pid}`;
const PG_DB = `lb_rights_pg_${pid}`;
const MY_USER = `lbnocreate${pid}`;
const MY_DB = `lb_rights_my_${pid}`;
const psql = (sql: string, db = "postgres") => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();
const mysql = (q: string, db: string | null = null) =>
  execFileSync("mariadb", ["-h", "127.0.0.1", "-u", "root", "--batch", "--skip-column-names", "-e", q, ...(db ? [db] : [])]).toString().trim();

const pgTest = await serviceTest("postgres");
const myTest = await serviceTest("mysql");

describe("a test restore whose login may not create the scratch database", () => {
  beforeAll(() => {
    psql(`drop database if exists ${PG_DB} with (force)`);
    psql(`drop role if exists ${PG_ROLE}`);
    psql(`create role ${PG_ROLE} login nocreatedb nosuperuser`);
    psql(`create database ${PG_DB} owner ${PG_ROLE}`);
    execFileSync("psql", ["-h", "127.0.0.1", "-U", PG_ROLE, "-d", PG_DB, "-c", "create table items (a int); insert into items values (1), (2)"]);
    mysql(`drop database if exists ${MY_DB}; create database ${MY_DB}; drop user if exists '${MY_USER}'@'%'`);
    mysql(`create user '${MY_USER}'@'%' identified by 'pw-${pid}'; grant all on \`${MY_DB}\`.* to '${MY_USER}'@'%'`);
    mysql("create table items (a int); insert into items values (1), (2)", MY_DB);
  });
  afterAll(() => {
    psql(`drop database if exists ${PG_DB} with (force)`);
    psql(`drop role if exists ${PG_ROLE}`);
    mysql(`drop database if exists ${MY_DB}; drop user if exists '${MY_USER}'@'%'`);
  });

  pgTest("PostgreSQL: says CREATEDB is missing and how to grant it; the log claims no drop of a database never made", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://${PG_ROLE}@127.0.0.1:5432/${PG_DB}` }, storageRoot: tmpDir("lb-rights-pg-") });
    const run = await backupNow(op, t.id);
    const r = await runTestRestore(op, run.id);
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toContain(`The PostgreSQL role "${PG_ROLE}" may not create databases`);
    expect(r.errorSummary).toContain(`ALTER ROLE "${PG_ROLE}" CREATEDB;`);
    const log = fs.readFileSync(r.logPath!, "utf8");
    expect(log).not.toContain("Dropped scratch database");
    expect(runRow(run.id).verifyStatus).toBe("restore-failed");
    expect(getRun(op, run.id).verifyMessage).toContain("CREATEDB");

    // Granted as the message says, the same test restore passes and the run says so.
    psql(`ALTER ROLE "${PG_ROLE}" CREATEDB;`);
    const ok = await runTestRestore(op, run.id);
    expect(ok.errorSummary).toBeNull();
    expect(fs.readFileSync(ok.logPath!, "utf8")).toContain(`Dropped scratch database ${scratchDatabaseName(ok.id)}`);
    const dto = getRun(op, run.id);
    expect(dto).toMatchObject({ verifyStatus: "restore-verified" });
    expect(dto.verifyMessage).toMatch(/1 table\(s\), 2 rows match the manifest/);
    expect(dto.verifiedAt).not.toBeNull();
  });

  myTest("MariaDB: says which grant is missing and gives the GRANT statement", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "mysql", source: { url: `mysql://${MY_USER}:pw-${pid}@127.0.0.1:3306/${MY_DB}` }, storageRoot: tmpDir("lb-rights-my-") });
    const run = await backupNow(op, t.id);
    const r = await runTestRestore(op, run.id);
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toContain(`The MariaDB user '${MY_USER}'@'%' may not create the scratch database ${scratchDatabaseName(r.id)}`);
    expect(r.errorSummary).toContain(`ON \`lifeboat\\_verify\\_%\`.* TO '${MY_USER}'@'%';`);
    expect(fs.readFileSync(r.logPath!, "utf8")).not.toContain("Dropped scratch database");

    const grant = /Grant it with: (GRANT .*;)/.exec(r.errorSummary!)![1]!;
    mysql(grant);
    const ok = await runTestRestore(op, run.id);
    expect(ok.errorSummary).toBeNull();
    expect(getRun(op, run.id).verifyStatus).toBe("restore-verified");
  });
});
