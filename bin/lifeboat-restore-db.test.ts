// Issue 10, "lifeboat restore <run-id> [--to DB|PATH] --yes": the CLI test covered --to PATH on a
// folder target; this one covers --to DB on a real PostgreSQL target (backup through the CLI too).
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { createApp } from "../lib/services/apps/create";
import { createTarget } from "../lib/services/targets/create";
import { serviceTest } from "../test/services";

const BIN = path.resolve(import.meta.dirname, "lifeboat.mjs");
const admin: Actor = { type: "cli", label: "test", role: "admin" };
const SRC = `lb_cli_src_${process.pid}`;
const DEST = `lb_cli_dest_${process.pid}`;

const psql = (sql: string, db = "postgres") => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();

function lifeboat(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: os.tmpdir(),
    env: { ...process.env, LIFEBOAT_DATA_DIR: process.env.LIFEBOAT_DATA_DIR },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const pgTest = await serviceTest("postgres");

describe("lifeboat restore --to DATABASE", () => {
  beforeAll(() => {
    for (const db of [SRC, DEST]) psql(`drop database if exists ${db} with (force)`);
    psql(`create database ${SRC}`);
    psql("create table t (a int); insert into t values (1), (2), (3)", SRC);
  });
  afterAll(() => {
    for (const db of [SRC, DEST]) psql(`drop database if exists ${db} with (force)`);
  });

  pgTest("restores a PostgreSQL backup into a new database of the same server; the source is untouched", () => {
    const app = createApp(admin, { name: "crm" });
    createTarget(admin, { appId: app.id, name: "db", type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${SRC}` } });
    const backup = lifeboat(["backup", "crm/db"]);
    expect(backup.code, backup.err).toBe(0);
    const runId = /Run (\d+) started/.exec(backup.out + backup.err)?.[1];
    expect(runId).toBeDefined();

    const dry = lifeboat(["restore", runId!, "--to", DEST]);
    expect(dry.code).toBe(1);
    expect(dry.err).toContain("Not restored: add --yes");
    expect(psql(`select count(*) from pg_database where datname = '${DEST}'`)).toBe("0");

    const r = lifeboat(["restore", runId!, "--to", DEST, "--yes"]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain(`Into: database "${DEST}" — no safety backup`);
    expect(r.out).toMatch(new RegExp(`Restore \\d+ success: database "${DEST}" in `));
    expect(psql("select string_agg(a::text, ',' order by a) from t", DEST)).toBe("1,2,3");
    expect(psql("select count(*) from t", SRC)).toBe("3");

    // A name that looks like an option never reaches a tool.
    expect(lifeboat(["restore", runId!, "--to", "-x", "--yes"]).code).not.toBe(0);
  });
});
