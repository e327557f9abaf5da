import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { events, runs, servers } from "@/lib/db/schema";
import { serviceTest } from "@/test/services";
import { makeTarget, script, tmpDir, unpack } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, userActor } from "@/test/restore/testing";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { runTestRestore } from "@/lib/services/restores/start-test";
import { scratchDatabaseName } from "@/lib/engine/types/shared/scratch-rights";
import { cancelRun } from "@/lib/services/runs/cancel";
import { waitForRun } from "@/lib/engine/runs/wait";
import { readRunLog } from "@/lib/engine/process/log-read";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { createServer } from "@/lib/services/servers/create";
import { updateServer } from "@/lib/services/servers/update";
import { checkServer } from "@/lib/services/servers/check";
import { closeAllConnections } from "@/lib/engine/servers/pool";
import { resetContactThrottle } from "@/lib/engine/servers/reachability";
import { startSshd, type SshdServer } from "./sshd";
import { createNetns, type Netns } from "./netns";
import { pgrep, until } from "./probes";

// "Server B": a network namespace with its own address, running Debian's sshd. Every command of
// these targets goes through SSH to that address; the filesystem is shared with this machine,
// which lets the test look at what the server saw.
const test = await serviceTest("postgres");
const DB = `lb_remote_pg_${process.pid}`;
const psql = (sql: string, db = DB) => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();

let ns: Netns;
let sshd: SshdServer;
let serverId: number;
let pgPort: number;
const admin = () => userActor("admin");
const serverRow = () => getDb().select().from(servers).where(eq(servers.id, serverId)).get()!;

describe("targets on another server, over SSH", () => {
  beforeAll(async () => {
    ns = await createNetns();
    sshd = await startSshd({ netns: ns.name, listenAddress: ns.nsAddress });
    pgPort = (await ns.forward(5432)).port;
    psql(`drop database if exists ${DB} with (force)`, "postgres");
    psql(`create database ${DB}`, "postgres");
    psql("create table items(id int primary key, name text); insert into items values (1,'one'),(2,'two')");
  }, 60_000);
  afterAll(async () => {
    closeAllConnections();
    await sshd?.stop();
    await ns?.remove();
    psql(`drop database if exists ${DB} with (force)`, "postgres");
  });

  test("a new server shows its host key first; once pinned it is reachable with its tools and free disk", async () => {
    const a = admin();
    const created = createServer(a, { name: "server-b", host: ns.nsAddress, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey });
    serverId = created.id!;
    expect(JSON.stringify(created)).not.toContain("PRIVATE KEY");
    const first = await checkServer(a, serverId);
    expect(first.reachable).toBeNull();
    expect(first.seenHostKey).toBe(sshd.hostKeyFingerprint);
    expect(first.lastError).toMatch(/host key/);
    updateServer(a, { id: serverId, hostKeyFingerprint: first.seenHostKey! });
    const ok = await checkServer(a, serverId);
    expect(ok).toMatchObject({ reachable: true, hostKeyFingerprint: sshd.hostKeyFingerprint, unreachableSince: null });
    const tools = Object.fromEntries(ok.tools.map((t) => [t.name, t.version]));
    expect(tools.tar).toMatch(/^\d+\.\d+/);
    expect(tools.pg_dump).toMatch(/^15\./);
    expect(ok.freeBytes).toBeGreaterThan(0);
  });

  test("a folder on server B is read by tar there, and restored there", async () => {
    const op = userActor("operator");
    const src = tmpDir("lb-remote-src-");
    fs.mkdirSync(path.join(src, "sub dir"));
    fs.writeFileSync(path.join(src, "sub dir", "it's.txt"), "hello from B\n");
    fs.writeFileSync(path.join(src, "big.bin"), Buffer.alloc(2 * 1024 * 1024 + 3, 9));
    fs.writeFileSync(path.join(src, "skip.tmp"), "excluded");
    const pre = path.join(tmpDir("lb-hook-"), "pre.out");
    const hook = script(tmpDir("lb-hookbin-"), "pre", `echo "$SSH_CONNECTION" > ${pre}`);
    const t = makeTarget({ type: "filesystem", source: { path: src, exclude: ["*.tmp"] }, serverId, preHook: hook, storageRoot: tmpDir("lb-remote-store-") });
    const run = await backupNow(op, t.id);
    // The hook ran on B: its SSH connection ends at B's own address.
    expect(fs.readFileSync(pre, "utf8")).toContain(` ${ns.nsAddress} ${sshd.port}`);
    const log = readRunLog(run.id, 0).text;
    expect(log).toContain(`(on server server-b (${ns.nsAddress}:${sshd.port}))`);
    const out = unpack(artifactAbsolutePath(run.storageRoot!, run.artifactPath!));
    expect(fs.readFileSync(path.join(out, "files", "sub dir", "it's.txt"), "utf8")).toBe("hello from B\n");
    expect(fs.statSync(path.join(out, "files", "big.bin")).size).toBe(2 * 1024 * 1024 + 3);
    expect(fs.existsSync(path.join(out, "files", "skip.tmp"))).toBe(false);

    const dest = path.join(tmpDir("lb-remote-dest-"), "restored");
    const r = await restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", path: dest }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(r.status).toBe("success");
    expect(fs.readFileSync(path.join(dest, "sub dir", "it's.txt"), "utf8")).toBe("hello from B\n");
    expect(fs.statSync(path.join(dest, "big.bin")).size).toBe(2 * 1024 * 1024 + 3);
  });

  test("delete-extra on server B removes what the backup does not hold, never through a link, keeping excluded paths; a failed alternate restore there takes back what it wrote", async () => {
    const op = userActor("operator");
    const src = tmpDir("lb-remote-extra-");
    fs.mkdirSync(path.join(src, "docs"));
    fs.writeFileSync(path.join(src, "docs", "a.txt"), "a\n");
    fs.mkdirSync(path.join(src, "cache"));
    fs.writeFileSync(path.join(src, "cache", "c.bin"), "cached");
    const t = makeTarget({ type: "filesystem", source: { path: src, exclude: ["*.tmp", "cache"] }, serverId, storageRoot: tmpDir("lb-remote-extra-store-") });
    const run = await backupNow(op, t.id);
    const outside = tmpDir("lb-remote-outside-");
    fs.writeFileSync(path.join(outside, "precious.txt"), "keep me");
    fs.writeFileSync(path.join(src, "docs", "a.txt"), "changed\n");
    fs.writeFileSync(path.join(src, "docs", "later.txt"), "later");
    fs.writeFileSync(path.join(src, "extra.txt"), "x");
    fs.mkdirSync(path.join(src, "new dir", "deeper"), { recursive: true });
    fs.writeFileSync(path.join(src, "new dir", "deeper", "n.txt"), "n");
    fs.symlinkSync(outside, path.join(src, "outlink"));
    fs.writeFileSync(path.join(src, "notes.tmp"), "excluded");
    fs.writeFileSync(path.join(src, "cache", "new.bin"), "excluded too");
    const r = await restoreAndWait(op, { runId: run.id, destination: { mode: "original", deleteExtra: true }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    const rlog = fs.readFileSync(r.logPath!, "utf8");
    expect(rlog).toMatch(/\$ find -P \S+ -mindepth 1 -print0\s+\(on server server-b/);
    expect(rlog).toMatch(/removed 4 path\(s\) not in the backup/);
    const list = (d: string) => execFileSync("find", [d, "-mindepth", "1"]).toString().split("\n").filter(Boolean).map((p) => path.relative(d, p)).sort();
    expect(list(src)).toEqual(["cache", "cache/c.bin", "cache/new.bin", "docs", "docs/a.txt", "notes.tmp"]);
    expect(fs.readFileSync(path.join(src, "docs", "a.txt"), "utf8")).toBe("a\n");
    expect(list(outside)).toEqual(["precious.txt"]);

    // A server whose tar writes, then fails: the alternate restore fails, and what it wrote there goes.
    const bin = tmpDir("lb-badtar-");
    const realTar = execFileSync("sh", ["-c", "command -v tar"]).toString().trim();
    fs.writeFileSync(path.join(bin, "tar"), `#!/bin/sh\ncase " $* " in *" -x "*) ${realTar} "$@"; exit 2;; esac\nexec ${realTar} "$@"\n`, { mode: 0o755 });
    const bad = await startSshd({ setEnv: { PATH: `${bin}:/usr/sbin:/usr/bin:/sbin:/bin` } });
    try {
      const badId = createServer(admin(), { name: "bad-tar", host: bad.host, port: bad.port, username: bad.user, privateKey: bad.privateKey, hostKeyFingerprint: bad.hostKeyFingerprint }).id!;
      const t2 = makeTarget({ type: "filesystem", source: { path: src, exclude: [] }, serverId: badId, storageRoot: tmpDir("lb-badtar-store-") });
      const run2 = await backupNow(op, t2.id);
      const base = tmpDir("lb-badtar-dest-");
      const created = path.join(base, "new", "restored");
      const f1 = await restoreAndWait(op, { runId: run2.id, destination: { mode: "alternate", path: created }, confirmName: t2.name });
      expect(f1.status).toBe("failed");
      expect(fs.readFileSync(f1.logPath!, "utf8")).toMatch(new RegExp(`Removed what the failed restore wrote: folder ${base}/new on server bad-tar`));
      expect(fs.existsSync(path.join(base, "new"))).toBe(false);
      const empty = tmpDir("lb-badtar-empty-");
      const f2 = await restoreAndWait(op, { runId: run2.id, destination: { mode: "alternate", path: empty }, confirmName: t2.name });
      expect(f2.status).toBe("failed");
      expect(fs.existsSync(empty)).toBe(true);
      expect(fs.readdirSync(empty)).toEqual([]);
      // The same for a restic snapshot pushed onto the server.
      const t3 = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, serverId: badId, storageRoot: tmpDir("lb-badtar-restic-") });
      const run3 = await backupNow(op, t3.id);
      const f3 = await restoreAndWait(op, { runId: run3.id, destination: { mode: "alternate", path: created }, confirmName: t3.name });
      expect(f3.status).toBe("failed");
      expect(fs.readFileSync(f3.logPath!, "utf8")).toMatch(new RegExp(`Removed what the failed restore wrote: folder ${base}/new on server bad-tar`));
      expect(fs.existsSync(path.join(base, "new"))).toBe(false);
    } finally {
      closeAllConnections();
      await bad.stop();
    }
  });

  test("a PostgreSQL database is dumped by pg_dump on server B and restored by pg_restore there", async () => {
    const op = userActor("operator");
    // The URL as server B sees the database: through this machine's side of the veth pair.
    const t = makeTarget({ type: "postgres", source: { url: `postgres://postgres@${ns.hostAddress}:${pgPort}/${DB}` }, serverId, storageRoot: tmpDir("lb-remote-pg-") });
    const run = await backupNow(op, t.id);
    expect(run.manifest).toMatchObject({ tool: { name: "pg_dump" }, payload: { name: "database.dump", tables: [{ schema: "public", name: "items", rows: 2 }] } });
    expect(readRunLog(run.id, 0).text).toMatch(/\$ pg_dump -Fc .*\(on server server-b/);
    psql("update items set name = 'changed'; insert into items values (3, 'three')");
    const r = await restoreAndWait(op, { runId: run.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(psql("select string_agg(id||':'||name, ',' order by id) from items")).toBe("1:one,2:two");

    // A test restore makes its scratch database with B's psql and pg_restore, and drops it.
    const v = await runTestRestore(userActor("admin"), run.id);
    expect(v.errorSummary).toBeNull();
    const vlog = fs.readFileSync(v.logPath!, "utf8");
    expect(vlog).toMatch(/\$ pg_restore .*\(on server server-b/);
    expect(vlog).toMatch(/Verified: 1 table\(s\), 2 rows match the manifest/);
    expect(psql(`select count(*) from pg_database where datname = '${scratchDatabaseName(v.id)}'`, "postgres")).toBe("0");
  });

  test("a script target runs on server B and its output comes back", async () => {
    const op = userActor("operator");
    const cmd = script(tmpDir("lb-remote-script-"), "dump.sh", 'echo "$SSH_CONNECTION|$LIFEBOAT_TARGET|$1|$LIFEBOAT_OUTPUT_DIR" > "$LIFEBOAT_OUTPUT_FILE"');
    const t = makeTarget({ type: "script", source: { command: cmd, args: ["it's an arg"] }, serverId, storageRoot: tmpDir("lb-remote-sc-") });
    const run = await backupNow(op, t.id);
    const out = unpack(artifactAbsolutePath(run.storageRoot!, run.artifactPath!));
    const line = fs.readFileSync(path.join(out, "files", "backup"), "utf8");
    expect(line).toContain(` ${ns.nsAddress} ${sshd.port}|${t.name}|it's an arg`);
    // Its output folder on the server is gone (that folder: other test files run scripts on servers meanwhile).
    const outDir = line.trim().split("|").pop()!;
    expect(outDir).toMatch(/^\/tmp\/lifeboat-script\./);
    expect(fs.existsSync(outDir)).toBe(false);
  });

  test("killing the connection mid-backup fails the run and leaves no process on the server; a cancel kills it too", async () => {
    const op = userActor("operator");
    const marker = `30${process.pid % 1000}7`;
    const cmd = script(tmpDir("lb-remote-slow-"), "slow.sh", `sleep ${marker}`);
    const t = makeTarget({ type: "script", source: { command: cmd }, serverId, storageRoot: tmpDir("lb-remote-slow-") });
    const { id } = enqueueRun(op, t.id);
    await until("the remote sleep", () => pgrep(`sleep ${marker}`) !== "");
    expect(sshd.faults.killSessions()).toBeGreaterThan(0);
    const run = await waitForRun(id, 30_000);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/dropped the connection/);
    await until("no remote sleep left", () => pgrep(`sleep ${marker}`) === "");

    const second = enqueueRun(op, t.id);
    await until("the remote sleep again", () => pgrep(`sleep ${marker}`) !== "");
    cancelRun(op, second.id);
    const cancelled = await waitForRun(second.id, 30_000);
    expect(cancelled.status).toBe("cancelled");
    await until("no remote sleep after cancel", () => pgrep(`sleep ${marker}`) === "");
  });

  test("a changed host key is refused, with one alert", async () => {
    const op = userActor("operator");
    const src = tmpDir("lb-remote-hk-");
    fs.writeFileSync(path.join(src, "a"), "a");
    const t = makeTarget({ type: "filesystem", source: { path: src }, serverId, storageRoot: tmpDir("lb-remote-hk-store-") });
    const fresh = await sshd.faults.changeHostKey();
    closeAllConnections();
    const before = getDb().select().from(events).where(eq(events.type, "server.host_key_changed")).all().length;
    for (let i = 0; i < 2; i++) {
      const { id } = enqueueRun(op, t.id);
      const run = await waitForRun(id, 30_000);
      expect(run.status).toBe("failed");
      expect(run.errorSummary).toMatch(/^server unreachable since .*host key.*not the pinned/);
    }
    expect(getDb().select().from(events).where(eq(events.type, "server.host_key_changed")).all().length).toBe(before + 1);
    expect(serverRow()).toMatchObject({ reachable: false, seenHostKey: fresh });
    updateServer(admin(), { id: serverId, hostKeyFingerprint: fresh });
    expect((await checkServer(admin(), serverId)).reachable).toBe(true);
  });

  test("a server that is down shows as such: its targets fail with 'server unreachable since', one alert for the server", async () => {
    const op = userActor("operator");
    const src = tmpDir("lb-remote-down-");
    fs.writeFileSync(path.join(src, "a"), "a");
    const t1 = makeTarget({ type: "filesystem", source: { path: src }, serverId, storageRoot: tmpDir("lb-down1-") });
    const t2 = makeTarget({ type: "filesystem", source: { path: src }, serverId, storageRoot: tmpDir("lb-down2-") });
    await sshd.faults.pause();
    closeAllConnections();
    const count = (type: string) => getDb().select().from(events).where(eq(events.type, type)).all().length;
    const failedBefore = count("run.failed");
    const downBefore = count("server.unreachable");
    const ids = [enqueueRun(op, t1.id).id, enqueueRun(op, t2.id).id];
    for (const id of ids) {
      const run = await waitForRun(id, 60_000);
      expect(run.status).toBe("failed");
      expect(run.errorSummary).toMatch(/^server unreachable since \d{4}-\d\d-\d\dT.*refused the connection/);
    }
    expect(count("server.unreachable")).toBe(downBefore + 1);
    expect(count("run.failed")).toBe(failedBefore);
    const down = await checkServer(admin(), serverId);
    expect(down.reachable).toBe(false);
    expect(down.unreachableSince).not.toBeNull();
    await sshd.faults.resume();
    resetContactThrottle();
    expect(await checkServer(admin(), serverId)).toMatchObject({ reachable: true, unreachableSince: null });
    const ok = await backupNow(op, t1.id);
    expect(getDb().select().from(runs).where(eq(runs.id, ok.id)).get()!.status).toBe("success");
  });
});
