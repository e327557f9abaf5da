// Cancel across console processes: a second process (a console-like child, as the CLI's restore
// is) runs a restore whose real pg_restore is stuck; this process cancels it through the service
// the API and the UI call. The child finds the request, kills pg_restore and records `cancelled`.
import fs from "node:fs";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { buildSync } from "esbuild";
import { afterAll, describe, expect } from "vitest";
import { eq } from "drizzle-orm";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { psql, rand } from "@/test/backup/db-helpers";
import { getDb } from "@/lib/db/client";
import { auditLog, taskCancelRequests } from "@/lib/db/schema";
import { listProcs } from "@/lib/engine/process/proc-info";
import { cancelRestoreService } from "@/lib/services/restores/cancel";
import { backupNow, userActor } from "@/test/restore/testing";

async function until<T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function pgRestoreOf(database: string): number | null {
  for (const p of listProcs()) {
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    if (argv[0]?.endsWith("pg_restore") && argv.some((a) => a.endsWith(`/${database}`)) && p.state !== "Z") return p.pid;
  }
  return null;
}

describe("cancel a restore another console process runs", async () => {
  const test = await serviceTest("postgres");
  const SRC = `lb_xcancel_${rand()}`;
  const ALT = `${SRC}_alt`;
  const started: ChildProcess[] = [];
  const bundle = path.resolve("node_modules/.cache", `lifeboat-restore-child-x-${process.pid}.mjs`);

  afterAll(() => {
    for (const c of started) c.kill("SIGKILL");
    for (const d of [SRC, ALT]) psql("postgres", `drop database if exists ${d} with (force)`);
    fs.rmSync(bundle, { force: true });
  });

  test("the API/UI cancel reaches the other process: pg_restore is killed and the restore ends cancelled", async () => {
    psql("postgres", `create database ${SRC}`);
    psql(SRC, "create table t(x int); insert into t values (1), (2)");
    psql("postgres", `create database ${ALT}`);
    const admin = userActor("admin");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${SRC}` }, storageRoot: tmpDir("lb-xc-store-") });
    const run = await backupNow(admin, t.id);
    // Another session holds a lock pg_restore's CREATE TABLE t waits for: the restore is stuck mid-way.
    const blocker = spawn("psql", ["-X", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", ALT], { stdio: ["pipe", "ignore", "inherit"] });
    started.push(blocker);
    blocker.stdin!.write("BEGIN;\nCREATE TABLE public.t(x int);\n");
    await until("the blocking transaction", () => psql("postgres", `select count(*) from pg_stat_activity where datname = '${ALT}' and state = 'idle in transaction'`).trim() === "1");

    buildSync({ entryPoints: [path.resolve("test/restore/restore-child.ts")], bundle: true, platform: "node", format: "esm", packages: "external", outfile: bundle, logLevel: "error" });
    const child = spawn(process.execPath, [bundle, String(run.id), ALT, t.name, String(admin.id)], { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    started.push(child);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    const restoreId = Number((await until("the restore id", () => /restore (\d+)/.exec(out)))[1]);
    const pid = await until("pg_restore in the other process", () => pgRestoreOf(ALT));

    const r = await cancelRestoreService(userActor("operator"), restoreId, 20_000);
    expect(r.status).toBe("cancelled");
    expect(r.error).toMatch(/^Cancelled by restore-operator\d+-\d+@example\.test\./);
    await until("pg_restore to be gone", () => pgRestoreOf(ALT) === null && !listProcs().some((p) => p.pid === pid && p.state !== "Z"), 10_000);
    expect(child.exitCode).toBeNull(); // the other console lives on: only its restore stopped
    expect(getDb().select().from(taskCancelRequests).all()).toEqual([]);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "restore.cancel")).all().map((a) => a.entityId)).toEqual([String(restoreId)]);
    blocker.stdin!.end();
  }, 180_000);
});
