// Every child process dies with the console: a SIGTERM of the console kills its tools, and after
// a SIGKILL (nothing can run then) the next start-up kills what was left running and removes the
// restore's scratch space. Real processes throughout: a console-like child running a real
// pg_restore that waits on a lock, killed like an operator or the OOM killer would.
import fs from "node:fs";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { buildSync } from "esbuild";
import { afterAll, describe, expect, test as plainTest } from "vitest";
import { eq } from "drizzle-orm";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { psql, rand } from "@/test/backup/db-helpers";
import { getDb } from "../../db/client";
import { restores } from "../../db/schema";
import { env } from "../../env";
import { backupNow, userActor } from "../../../test/restore/testing";
import { listProcs, procInfo } from "./proc-info";
import { markerDir, type ChildMarker } from "./process-registry";
import { killLeftoverChildren } from "./process-recovery";

const alive = (pid: number) => {
  const p = procInfo(pid);
  return !!p && p.state !== "Z";
};
const groupMembers = (pgid: number) => listProcs().filter((p) => p.pgrp === pgid && p.state !== "Z");

async function until<T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Bundle a test entry point (inside the checkout so its imports resolve from node_modules). */
function bundle(entry: string): string {
  const out = path.resolve("node_modules/.cache", `lifeboat-${path.basename(entry, ".ts")}-${process.pid}.mjs`);
  buildSync({ entryPoints: [path.resolve(entry)], bundle: true, platform: "node", format: "esm", packages: "external", outfile: out, logLevel: "error" });
  return out;
}

const started: ChildProcess[] = [];
function startNode(file: string, args: string[]): ChildProcess {
  // Same data directory (same SQLite file) as this test process.
  const child = spawn(process.execPath, [file, ...args], { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  started.push(child);
  return child;
}
const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", r)));

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

describe("child processes die with the console", async () => {
  const test = await serviceTest("postgres");
  const SRC = `lb_proc_${rand()}`;
  const dbs: string[] = [SRC];
  const blockers: ChildProcess[] = [];
  const restoreChild = bundle("test/restore/restore-child.ts");
  const bootChild = bundle("test/backup/boot-child.ts");

  afterAll(() => {
    for (const c of [...started, ...blockers]) c.kill("SIGKILL");
    for (const d of dbs) psql("postgres", `drop database if exists ${d} with (force)`);
    for (const f of [restoreChild, bootChild]) fs.rmSync(f, { force: true });
  });

  /**
   * A console (child process) restoring into `alt` whose pg_restore is really running and stuck:
   * another session created table t in `alt` and keeps its transaction open, so pg_restore's
   * CREATE TABLE t waits for it.
   */
  async function consoleMidRestore() {
    if (dbs.length === 1) {
      psql("postgres", `create database ${SRC}`);
      psql(SRC, "create table t(x int); insert into t values (1), (2)");
    }
    const admin = userActor("admin");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${SRC}` }, storageRoot: tmpDir("lb-proc-store-") });
    const run = await backupNow(admin, t.id);
    const alt = `${SRC}_alt${dbs.length}`;
    dbs.push(alt);
    psql("postgres", `create database ${alt}`);
    const blocker = spawn("psql", ["-X", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", alt], { stdio: ["pipe", "ignore", "inherit"] });
    blockers.push(blocker);
    blocker.stdin!.write("BEGIN;\nCREATE TABLE public.t(x int);\n");
    await until("the blocking transaction", () => psql("postgres", `select count(*) from pg_stat_activity where datname = '${alt}' and state = 'idle in transaction'`).trim() === "1");

    const console_ = startNode(restoreChild, [String(run.id), alt, t.name, String(admin.id)]);
    let out = "";
    console_.stdout!.on("data", (d) => (out += d));
    const restoreId = Number((await until("the restore id", () => /restore (\d+)/.exec(out)))[1]);
    const pid = await until("pg_restore", () => pgRestoreOf(alt));
    await until("pg_restore waiting on the lock", () => psql("postgres", `select count(*) from pg_stat_activity where datname = '${alt}' and wait_event_type = 'Lock'`).trim() === "1");
    const scratch = path.join(env().dataDir, "restore-work", String(restoreId));
    expect(fs.existsSync(path.join(scratch, "database.dump"))).toBe(true);
    return { console: console_, pid, restoreId, scratch, alt, blocker };
  }

  test("SIGKILL of the console mid-restore: the next start-up kills the leftover pg_restore and removes its scratch dump", async () => {
    const c = await consoleMidRestore();
    c.console.kill("SIGKILL");
    await exited(c.console);
    // Nothing could run in the killed console: pg_restore is still there, reparented.
    expect(alive(c.pid)).toBe(true);

    const boot = startNode(bootChild, []);
    await exited(boot);
    expect(boot.exitCode).toBe(0);
    await until("pg_restore to die", () => !alive(c.pid), 5000);
    expect(groupMembers(c.pid)).toEqual([]);
    expect(fs.existsSync(c.scratch)).toBe(false);
    const row = getDb().select().from(restores).where(eq(restores.id, c.restoreId)).get()!;
    expect(row.status).toBe("interrupted");
    // The server notices the dead client once the lock is free; the restore's transaction never commits.
    c.blocker.stdin!.end();
    await until("the destination's waiting session to end", () => psql("postgres", `select count(*) from pg_stat_activity where datname = '${c.alt}'`).trim() === "0", 10_000);
    expect(psql(c.alt, "select count(*) from pg_tables where schemaname = 'public'").trim()).toBe("0");
  });

  test("SIGTERM of the console kills its tools at once and leaves no process marker", async () => {
    const c = await consoleMidRestore();
    const ownerPid = c.console.pid!;
    c.console.kill("SIGTERM");
    await exited(c.console);
    expect(c.console.signalCode).toBe("SIGTERM");
    await until("pg_restore to die", () => !alive(c.pid), 5000);
    expect(groupMembers(c.pid)).toEqual([]);
    expect(fs.readdirSync(markerDir()).filter((n) => n.startsWith(`${ownerPid}-`))).toEqual([]);
  });
});

describe("start-up recovery never kills a recycled pid", () => {
  plainTest("a marker whose start time does not match the process now holding the pid is dropped without a kill", async () => {
    const sleeper = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
    started.push(sleeper);
    const info = await until("sleep to start", () => procInfo(sleeper.pid!));
    const marker = (start: string): ChildMarker => ({
      pid: sleeper.pid!,
      pgid: sleeper.pid!,
      start,
      bootId: fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim(),
      label: "sleep",
      // A console that is gone: pid 1 with another start time is not it.
      owner: { pid: 1, start: "1" },
      startedAt: new Date().toISOString(),
    });
    fs.mkdirSync(markerDir(), { recursive: true });
    const file = path.join(markerDir(), `1-1-${sleeper.pid}.json`);
    fs.writeFileSync(file, JSON.stringify(marker(String(BigInt(info.start) - 5n))));
    expect(killLeftoverChildren()).toEqual([]);
    expect(alive(sleeper.pid!)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);

    fs.writeFileSync(file, JSON.stringify(marker(info.start)));
    expect(killLeftoverChildren()).toEqual([`sleep (pid ${sleeper.pid})`]);
    await exited(sleeper);
    expect(sleeper.signalCode).toBe("SIGKILL");
  });

  plainTest("markers of a console that still runs are left alone; markers from another boot are dropped", () => {
    const self = procInfo(process.pid)!;
    const boot = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    fs.mkdirSync(markerDir(), { recursive: true });
    const mine = path.join(markerDir(), `${process.pid}-${self.start}-${process.pid}.json`);
    // Its "child" is this very process: were the owner check wrong, the test would kill itself.
    const m = { pid: process.pid, pgid: null, start: self.start, bootId: boot, label: "x", owner: { pid: process.pid, start: self.start }, startedAt: "" };
    fs.writeFileSync(mine, JSON.stringify(m));
    const old = path.join(markerDir(), `1-1-${process.pid}.json`);
    fs.writeFileSync(old, JSON.stringify({ ...m, bootId: "another-boot", owner: { pid: 1, start: "1" } }));
    expect(killLeftoverChildren()).toEqual([]);
    expect(fs.existsSync(mine)).toBe(true);
    expect(fs.existsSync(old)).toBe(false);
    fs.rmSync(mine);
  });
});
