// Issue 10 item 13: a name that looks like an option (a MariaDB database named
// `--result-file=/tmp/x`) must never reach a tool as an option. Names starting with "-" are
// refused when a target is saved, refused again when a run starts (a row saved earlier), and the
// tools get names after `--` or as `--database=NAME`, so even a name that slipped through is a name.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { createApp } from "@/lib/services/apps/create";
import { createTarget } from "@/lib/services/targets/create";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { mysqlConn, mysqlDumpArgs } from "@/lib/engine/types/mysql/backup";
import { myConn } from "@/lib/engine/types/shared/db-cli";
import { serviceTest } from "@/test/services";
import { makeTarget, operator, tmpDir } from "@/test/backup/fixtures";
import { maria, rand } from "@/test/backup/db-helpers";

const trap = path.join(os.tmpdir(), `lb-injected-${rand()}`);
const evil = `--result-file=${trap}`;
const normal = `lb_inj_${rand()}`;
let appId = 0;

function fieldErrors(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    return (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
  }
  throw new Error("expected the save to be refused");
}

beforeAll(() => {
  appId = createApp(ADMIN_CLI, { name: "inj" }).id;
});

describe("names that look like options, at save time", () => {
  const base = { appId, name: "x" };
  it.each([
    ["a MariaDB database", "mysql", { url: `mysql://root@127.0.0.1:3306/${encodeURIComponent(evil)}` }, "source.url", /database name.*cannot start with "-"/],
    ["a PostgreSQL user", "postgres", { url: "postgres://-Uevil@127.0.0.1:5432/db" }, "source.url", /user name.*cannot start with "-"/],
    ["a host given as a field", "postgres", { host: "-oProxyCommand=x", database: "db" }, "source.host", /cannot start with "-"/],
    ["a database given as a field", "mysql", { host: "127.0.0.1", database: evil }, "source.database", /cannot start with "-"/],
    ["a user given as a field", "redis", { host: "127.0.0.1", user: "--tls", database: "0" }, "source.user", /cannot start with "-"/],
  ])("refuses %s starting with -", (_what, type, source, field, message) => {
    const errors = fieldErrors(() => createTarget(ADMIN_CLI, { ...base, appId, type: type as "mysql", source }));
    expect(errors[field]).toMatch(message);
  });

  it("refuses a Docker image (meta.dockerImage) starting with -", () => {
    const errors = fieldErrors(() => createTarget(ADMIN_CLI, { appId, name: "vol", type: "docker_volume", source: { volume: "data" }, meta: { dockerImage: "--privileged" } }));
    expect(errors.meta).toMatch(/dockerImage/);
  });
});

describe("the crafted MariaDB database name at run time", async () => {
  const my = await serviceTest("mysql");

  beforeAll(() => {
    maria(`create database \`${evil}\`; create database ${normal}; create table ${normal}.t (id int); insert into ${normal}.t values (1)`);
  });
  afterAll(() => {
    maria(`drop database if exists \`${evil}\`; drop database if exists ${normal}`);
    fs.rmSync(trap, { force: true });
  });

  my("a target saved before the check (a stored row) fails its run and writes no file", async () => {
    const t = makeTarget({ type: "mysql", source: { url: `mysql://root@127.0.0.1:3306/${encodeURIComponent(evil)}` }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(fs.existsSync(trap)).toBe(false);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/starts with "-"/);
  });

  my("the dump arguments pass the name after --, so even such a name is dumped as a name", () => {
    const work = tmpDir("lb-dumpargs-");
    const out = path.join(work, "database.sql");
    const c = mysqlConn("mysql://root@127.0.0.1:3306/db");
    execFileSync("mariadb-dump", mysqlDumpArgs(c.args, out, evil));
    expect(fs.existsSync(trap)).toBe(false);
    expect(fs.readFileSync(out, "utf8")).toContain(`Database: ${evil}`);
    // The restore client refuses such a name outright.
    expect(() => myConn("mysql://root@127.0.0.1:3306/x", evil)).toThrow(/starts with "-"/);
  });

  my("a real backup of a normal database still works", async () => {
    const t = createTarget(ADMIN_CLI, { appId, name: "normal", type: "mysql", source: { url: `mysql://root@127.0.0.1:3306/${normal}` }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.errorSummary).toBeNull();
    expect(run.status).toBe("success");
  });
});
