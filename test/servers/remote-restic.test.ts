import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, runRow, userActor } from "@/test/restore/testing";
import { removeTempDirs, treeDigest, writeRandom } from "@/test/restic/fixture";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { cancelRun } from "@/lib/services/runs/cancel";
import { listRunFiles } from "@/lib/services/runs/snapshot-files";
import { getRestorePreview } from "@/lib/services/restores/preview";
import { waitForRun } from "@/lib/engine/runs/wait";
import { readRunLog } from "@/lib/engine/process/log-read";
import { createServer } from "@/lib/services/servers/create";
import { closeAllConnections } from "@/lib/engine/servers/pool";
import { insertLocation } from "@/lib/engine/storage/locations";
import { saveTargetStorage } from "@/lib/engine/copies/target-storage";
import { startSshd, type SshdServer } from "./sshd";
import { startS3Server, type S3TestServer } from "./s3";
import { createNetns, type Netns } from "./netns";
import { pgrep, until as untilTrue } from "./probes";

// Restic targets on "server B" (a network namespace with its own address, running Debian's sshd):
// a folder is backed up by the restic of server B into the console's local repository (through
// the reverse tunnel), a dump made on B goes into restic here, restores are written on B by its tar.
// The filesystem is shared with this machine, which lets the test look at what the server saw.
const test = await serviceTest("postgres");
const DB = `lb_remote_restic_${process.pid}`;
const psql = (sql: string, db = DB) => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();
const until = (what: string, ok: () => boolean, ms = 30_000) => untilTrue(what, ok, ms);
const locksIn = (store: string) => fs.readdirSync(path.join(store, "restic", "locks"));

let ns: Netns;
let sshd: SshdServer;
let s3: S3TestServer;
let serverId: number;
let pgPort: number;
const where = () => `(on server server-b (${ns.nsAddress}:${sshd.port}))`;

describe("restic targets on another server", () => {
  beforeAll(async () => {
    ns = await createNetns();
    [sshd, s3] = await Promise.all([startSshd({ netns: ns.name, listenAddress: ns.nsAddress }), startS3Server()]);
    pgPort = (await ns.forward(5432)).port;
    serverId = createServer(userActor("admin"), { name: "server-b", host: ns.nsAddress, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint }).id!;
    psql(`drop database if exists ${DB} with (force)`, "postgres");
    psql(`create database ${DB}`, "postgres");
    psql("create table items(id int primary key, body text); insert into items select g, md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text) from generate_series(1, 60000) g");
  }, 60_000);
  afterAll(async () => {
    closeAllConnections();
    await Promise.all([sshd?.stop(), s3?.stop()]);
    await ns?.remove();
    psql(`drop database if exists ${DB} with (force)`, "postgres");
    removeTempDirs();
  });

  test("a folder on server B: restic there backs up incrementally into the console's repository; browse; restore onto B", async () => {
    const op = userActor("operator");
    const src = tmpDir("lb-rr-src-");
    writeRandom(path.join(src, "cam1/2026-12-01/a.mp4"), 3_000_000);
    writeRandom(path.join(src, "cam1/2026-12-01/b.mp4"), 1_000_000);
    fs.writeFileSync(path.join(src, "it's a note.txt"), "one\n");
    fs.writeFileSync(path.join(src, "skip.tmp"), "excluded");
    const store = tmpDir("lb-rr-store-");
    const t = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: ["*.tmp"] }, serverId, storageRoot: store });

    const first = await backupNow(op, t.id);
    expect(first.snapshot).toMatchObject({ filesNew: 3, filesChanged: 0, filesUnmodified: 0 });
    expect(first.snapshot!.dataAddedBytes).toBeGreaterThan(4_000_000);
    const log = readRunLog(first.id, 0).text;
    expect(log).toContain(`$ restic --json backup --host lifeboat --tag lifeboat-target-${t.id}`);
    expect(log).toContain(where());
    // The password and the tunnel's credentials never reach a command line or the log.
    expect(log).not.toMatch(/rest:http|RESTIC_PASSWORD/);
    // The target's usual repository: the local location's folder, no lock left behind.
    expect(fs.existsSync(path.join(store, "restic", "config"))).toBe(true);
    expect(locksIn(store)).toEqual([]);

    writeRandom(path.join(src, "cam1/2026-12-02/c.mp4"), 200_000);
    fs.writeFileSync(path.join(src, "it's a note.txt"), "two\n");
    const second = await backupNow(op, t.id);
    expect(second.snapshot).toMatchObject({ filesNew: 1, filesChanged: 1, filesUnmodified: 2 });
    // Unchanged files are neither read nor sent again: the new file and metadata only.
    expect(second.snapshot!.dataAddedBytes).toBeLessThan(400_000);
    expect(second.snapshot!.totalBytes).toBeGreaterThan(4_000_000);
    // …and that is what crossed the connection: what the REST server received from B.
    const sent = (run: number) => Number(/sent .*\((\d+) bytes\) into the repository/.exec(readRunLog(run, 0).text)?.[1]);
    expect(sent(first.id)).toBeGreaterThan(4_000_000);
    expect(sent(second.id)).toBeLessThan(600_000);

    const root = await listRunFiles(op, second.id, { path: "/" });
    expect(root.entries.map((e) => `${e.type}:${e.name}`)).toEqual(["dir:cam1", "file:it's a note.txt"]);

    const before = treeDigest(src);
    const dest = path.join(tmpDir("lb-rr-dest-"), "restored");
    const preview = await getRestorePreview(op, second.id);
    expect(preview).toMatchObject({ problem: null, restorable: true });
    const r = await restoreAndWait(op, { runId: second.id, destination: { mode: "alternate", path: dest }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(r.status).toBe("success");
    delete before["skip.tmp"];
    expect(treeDigest(dest)).toEqual(before);
    expect(pgrep(`lifeboat-target-${t.id}`)).toBe("");
  });

  test("a symlink in the folder is kept as a link, and a restore never follows one out of the destination", async () => {
    const op = userActor("operator");
    const outside = tmpDir("lb-rr-outside-");
    fs.writeFileSync(path.join(outside, "keep.txt"), "outside\n");
    const src = tmpDir("lb-rr-links-");
    fs.mkdirSync(path.join(src, "data"));
    fs.writeFileSync(path.join(src, "data", "file.txt"), "inside\n");
    fs.symlinkSync(outside, path.join(src, "escape"));
    const store = tmpDir("lb-rr-links-store-");
    const t = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, serverId, storageRoot: store });
    const run = await backupNow(op, t.id);
    const root = await listRunFiles(op, run.id, { path: "/" });
    expect(root.entries.map((e) => `${e.type}:${e.name}`)).toEqual(["dir:data", "symlink:escape"]);

    const dest = path.join(tmpDir("lb-rr-links-dest-"), "restored");
    const r = await restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", path: dest }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(fs.lstatSync(path.join(dest, "escape")).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(path.join(dest, "escape"))).toBe(outside);

    // The source's folder "data" is swapped for a link out of it; restoring the original puts the
    // folder back in place of the link and writes nothing through it.
    fs.rmSync(path.join(src, "data"), { recursive: true });
    fs.symlinkSync(outside, path.join(src, "data"));
    const o = await restoreAndWait(op, { runId: run.id, destination: { mode: "original" }, confirmName: t.name });
    expect(o.errorSummary).toBeNull();
    expect(o.status).toBe("success");
    expect(runRow(o.safetyRunId!)).toMatchObject({ status: "success", artifactState: "snapshot" });
    expect(fs.lstatSync(path.join(src, "data")).isDirectory()).toBe(true);
    expect(fs.readFileSync(path.join(src, "data", "file.txt"), "utf8")).toBe("inside\n");
    expect(fs.readdirSync(outside)).toEqual(["keep.txt"]);
  });

  test("killing the connection mid-backup fails the run cleanly, and so does a cancel: no restic left on the server, no lock in the repository, the next backup works", async () => {
    const op = userActor("operator");
    const src = tmpDir("lb-rr-big-");
    for (let i = 0; i < 6; i++) writeRandom(path.join(src, `part${i}.bin`), 50_000_000);
    const store = tmpDir("lb-rr-big-store-");
    const t = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, serverId, storageRoot: store });
    const tag = `lifeboat-target-${t.id}`;
    const { id } = enqueueRun(op, t.id);
    await until("restic on server B", () => pgrep(tag) !== "");
    // Some data is on its way: restic is in the middle of the backup.
    await until("restic writing", () => (getDb().select({ b: runs.bytesProcessed }).from(runs).where(eq(runs.id, id)).get()?.b ?? 0) > 0 || fs.readdirSync(path.join(store, "restic", "data")).some((d) => fs.readdirSync(path.join(store, "restic", "data", d)).length > 0));
    expect(sshd.faults.killSessions()).toBeGreaterThan(0);
    const run = await waitForRun(id, 60_000);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/dropped the connection/);
    expect(run.snapshot).toBeNull();
    await until("no restic left on server B", () => pgrep(tag) === "");
    expect(locksIn(store)).toEqual([]);

    // A cancel stops it the same way (no parent snapshot yet: restic reads everything again).
    const second = enqueueRun(op, t.id).id;
    await until("restic on server B again", () => pgrep(tag) !== "");
    await until("restic writing again", () => (getDb().select({ b: runs.bytesProcessed }).from(runs).where(eq(runs.id, second)).get()?.b ?? 0) > 0);
    cancelRun(op, second);
    const cancelled = await waitForRun(second, 60_000);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.snapshot).toBeNull();
    await until("no restic left after the cancel", () => pgrep(tag) === "");
    expect(locksIn(store)).toEqual([]);

    fs.rmSync(path.join(src, "part5.bin"));
    const ok = await backupNow(op, t.id);
    expect(ok.snapshot!.filesNew).toBe(5);
  }, 180_000);

  test("a PostgreSQL target on server B: pg_dump runs there, restic here; the second dump adds little", async () => {
    const op = userActor("operator");
    const store = tmpDir("lb-rr-pg-");
    const t = makeTarget({ type: "postgres", engine: "restic", source: { url: `postgres://postgres@${ns.hostAddress}:${pgPort}/${DB}` }, serverId, storageRoot: store });
    const first = await backupNow(op, t.id);
    expect(readRunLog(first.id, 0).text).toMatch(/\$ pg_dump -Fp .*\(on server server-b/);
    const files = await listRunFiles(op, first.id, { path: "/" });
    expect(files.entries.map((e) => e.name)).toEqual(["database.sql"]);
    expect(files.entries[0]!.size).toBeGreaterThan(600_000);
    psql("insert into items values (60001, 'one more row')");
    const second = await backupNow(op, t.id);
    expect(second.snapshot!.filesNew + second.snapshot!.filesChanged).toBe(1);
    expect(second.snapshot!.dataAddedBytes).toBeLessThan(first.snapshot!.dataAddedBytes / 2);

    // A dump that fails on B leaves no snapshot.
    const bad = makeTarget({ type: "postgres", engine: "restic", source: { url: `postgres://postgres@${ns.hostAddress}:${pgPort}/lb_no_such_db` }, serverId, storageRoot: store });
    const { id } = enqueueRun(op, bad.id);
    const failed = await waitForRun(id, 60_000);
    expect(failed.status).toBe("failed");
    expect(failed.errorSummary).toMatch(/pg_dump failed on server server-b.*no snapshot was kept/);
    expect(failed.snapshot).toBeNull();
  });

  test("the repository on an S3 or SFTP location: the server's restic writes through the console (the location's keys stay here); restic here browses it", async () => {
    const op = userActor("operator");
    const locations = [
      insertLocation(getDb(), { name: `rr-s3-${process.pid}`, kind: "s3", settings: s3.settings({ prefix: "remote-restic" }) }),
      insertLocation(getDb(), {
        name: `rr-sftp-${process.pid}`,
        kind: "sftp",
        settings: { host: ns.nsAddress, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, path: tmpDir("lb-rr-sftp-loc-") },
      }),
    ];
    for (const loc of locations) {
      const src = tmpDir("lb-rr-loc-src-");
      writeRandom(path.join(src, "a.bin"), 1_500_000);
      writeRandom(path.join(src, "docs/b.bin"), 300_000);
      const t = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, serverId });
      getDb().transaction((tx) => saveTargetStorage(tx, t.id, { primary: loc.id }));
      const first = await backupNow(op, t.id);
      expect(first.storageId).toBe(loc.id);
      expect(first.snapshot).toMatchObject({ filesNew: 2 });
      writeRandom(path.join(src, "docs/c.bin"), 100_000);
      const second = await backupNow(op, t.id);
      expect(second.snapshot).toMatchObject({ filesNew: 1, filesUnmodified: 2 });
      expect(second.snapshot!.dataAddedBytes).toBeLessThan(300_000);
      // restic here reads what the server's restic wrote through the REST server: same layout.
      const docs = await listRunFiles(op, second.id, { path: "/docs" });
      expect(docs.entries.map((e) => e.name)).toEqual(["b.bin", "c.bin"]);
      const dest = path.join(tmpDir("lb-rr-loc-dest-"), "out");
      const r = await restoreAndWait(op, { runId: second.id, destination: { mode: "alternate", path: dest }, confirmName: t.name });
      expect(r.errorSummary).toBeNull();
      expect(treeDigest(dest)).toEqual(treeDigest(src));
    }
  }, 120_000);

  test("a server without restic, or without TCP forwarding: the folder backup fails saying so, and how to fix it", async () => {
    // A second sshd whose sessions' PATH has sh and test but no restic; a third that allows no tunnels.
    const bin = tmpDir("lb-rr-nobin-");
    fs.symlinkSync("/bin/sh", path.join(bin, "sh"));
    fs.symlinkSync("/usr/bin/test", path.join(bin, "test"));
    const [bare, closed] = await Promise.all([startSshd({ setEnv: { PATH: bin } }), startSshd({ allowTcpForwarding: false })]);
    try {
      for (const [name, d, why] of [
        ["no-restic", bare, /^restic is not installed on server no-restic .*apt-get install restic.* or choose the archive engine/],
        ["no-tunnels", closed, /^server no-tunnels .* refused a reverse tunnel for restic \(sshd's AllowTcpForwarding must allow remote forwarding\)/],
      ] as const) {
        const id = createServer(userActor("admin"), { name, host: d.host, port: d.port, username: d.user, privateKey: d.privateKey, hostKeyFingerprint: d.hostKeyFingerprint }).id!;
        const src = tmpDir("lb-rr-cannot-");
        fs.writeFileSync(path.join(src, "a"), "a");
        const store = tmpDir("lb-rr-cannot-store-");
        const t = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, serverId: id, storageRoot: store });
        const run = await waitForRun(enqueueRun(userActor("operator"), t.id).id, 60_000);
        expect(run.status).toBe("failed");
        expect(run.errorSummary).toMatch(why);
      }
    } finally {
      await Promise.all([bare.stop(), closed.stop()]);
    }
  });
});
