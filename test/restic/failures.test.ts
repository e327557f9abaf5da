import crypto from "node:crypto";
import fs from "node:fs";
import { PassThrough } from "node:stream";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupFolder, backupFromCommand, backupStream, listLocks, listSnapshots, ResticError, targetTag, unlockOwnStale, type ResticChild } from "../../lib/engine/restic";
import { makeRepo, tempDir, writeRandom, removeTempDirs } from "./fixture";

let repo: Awaited<ReturnType<typeof makeRepo>>;
const dbName = `lifeboat_restic_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
const psql = (sql: string, db = "test") => execa("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-c", sql]);

beforeAll(async () => {
  repo = await makeRepo();
  await psql(`CREATE DATABASE ${dbName}`);
  await psql("CREATE TABLE t AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 600000) g", dbName);
});
afterAll(async () => {
  await psql(`DROP DATABASE IF EXISTS ${dbName}`);
  removeTempDirs();
});

// A dump tool that writes `mb` MB and then exits with `code` (0 = a good dump).
const fakeDump = (mb: number, code: number) => ({
  cmd: process.execPath,
  args: ["-e", `const b=Buffer.alloc(1<<20,7);let i=0;const w=()=>{while(i<${mb}){i++;if(!process.stdout.write(b))return process.stdout.once("drain",w)}process.stderr.write("dump: lost connection\\n");process.exitCode=${code}};w()`],
  filename: "database.sql",
});

describe("restic engine: failures", () => {
  it("a restic killed with SIGKILL mid-backup leaves no snapshot and a lock that unlockOwnStale removes", async () => {
    const tag = targetTag("killed");
    const feed = new PassThrough();
    let child: ResticChild | null = null;
    let statusSeen!: () => void;
    const started = new Promise<void>((res) => (statusSeen = res));
    const running = backupStream(repo, feed, "big.bin", { tags: [tag], onProgress: () => statusSeen() }, (c) => (child = c));
    feed.write(crypto.randomBytes(4 << 20));
    await started;
    // The password is in neither argv nor the environment: only the path of a 0600 file.
    const cmdline = fs.readFileSync(`/proc/${child!.pid}/cmdline`, "utf8");
    const environ = fs.readFileSync(`/proc/${child!.pid}/environ`, "utf8");
    expect(cmdline).not.toContain(repo.password);
    expect(environ).not.toContain(repo.password);
    const pwFile = /RESTIC_PASSWORD_FILE=([^\0]+)/.exec(environ)![1];
    expect(fs.statSync(pwFile).mode & 0o777).toBe(0o600);
    expect((await listLocks(repo)).length).toBe(1);
    process.kill(child!.pid!, "SIGKILL");
    await expect(running).rejects.toThrow(ResticError);
    expect(fs.existsSync(pwFile)).toBe(false);
    expect(await listSnapshots(repo, { tags: [tag] })).toEqual([]);
    const locks = await listLocks(repo);
    expect(locks).toHaveLength(1);
    expect(locks[0].pid).toBe(child!.pid);

    // Limited to pids Lifeboat started, a lock of another pid is left alone.
    const notOurs = await unlockOwnStale(repo, { ownPids: new Set([12345678]) });
    expect(notOurs.removed).toEqual([]);
    const r = await unlockOwnStale(repo);
    expect(r.removed).toEqual([locks[0].id]);
    expect(await listLocks(repo)).toEqual([]);
  });

  it("a wrong repository password is a clear error", async () => {
    const src = tempDir("pw");
    writeRandom(`${src}/a.bin`, 1000);
    const err = await backupFolder({ ...repo, password: "not-the-password" }, src, { tags: ["x"] }).catch((e) => e);
    expect(err).toBeInstanceOf(ResticError);
    expect(err.kind).toBe("wrong-password");
    expect(err.message).toMatch(/repository password is wrong/);
    const none = await listSnapshots({ ...repo, location: `${repo.dir}/nothing-here` }).catch((e) => e);
    expect(none.kind).toBe("no-repository");
  });

  it("a dump that fails half-way through stdin fails the backup and leaves no snapshot nor lock", async () => {
    const tag = targetTag("dumpfail");
    const err = await backupFromCommand(repo, fakeDump(24, 3), { tags: [tag] }).catch((e) => e);
    expect(err).toBeInstanceOf(ResticError);
    expect(err.kind).toBe("dump-failed");
    expect(err.message).toMatch(/exit code 3.*lost connection/);
    expect(await listSnapshots(repo, { tags: [tag] })).toEqual([]);
    expect(await listLocks(repo)).toEqual([]);
    // The same dump ending well is a snapshot of all its bytes.
    const ok = await backupFromCommand(repo, fakeDump(24, 0), { tags: [tag] });
    expect(ok.totalBytes).toBe(24 << 20);
    expect((await listSnapshots(repo, { tags: [tag] })).map((s) => s.shortId)).toEqual([ok.id.slice(0, 8)]);
  });

  it("cancelling a backup interrupts restic: no snapshot, no lock", async () => {
    const tag = targetTag("cancel");
    const ac = new AbortController();
    const feed = new PassThrough();
    feed.write(crypto.randomBytes(1 << 20));
    const p = backupStream(repo, feed, "x.bin", { tags: [tag], signal: ac.signal, onProgress: () => ac.abort(new ResticError("cancelled", "cancelled")) });
    await expect(p).rejects.toMatchObject({ kind: "cancelled" });
    expect(await listSnapshots(repo, { tags: [tag] })).toEqual([]);
    expect(await listLocks(repo)).toEqual([]);
  });

  it("pg_dump's plain output through stdin: a second dump after a small change adds only the changed chunks", async () => {
    const tag = targetTag("pg");
    const dump = { cmd: "pg_dump", args: ["-h", "127.0.0.1", "-U", "postgres", "--format=plain", dbName], filename: "database.sql" };
    const a = await backupFromCommand(repo, dump, { tags: [tag] });
    await psql("INSERT INTO t VALUES (600001, 'new')", dbName);
    const b = await backupFromCommand(repo, dump, { tags: [tag] });
    expect(a.totalBytes).toBeGreaterThan(20_000_000);
    // Only the chunks holding the header (pg_dump's random \restrict key) and the new row are new:
    // ~1 MiB each on average, up to 8 MiB (restic's chunker), against 24 MB of dump.
    expect(b.dataAddedBytes).toBeLessThan(a.dataAddedBytes / 2);
    const bad = await backupFromCommand(repo, { ...dump, args: [...dump.args.slice(0, -1), `${dbName}_missing`] }, { tags: [tag] }).catch((e) => e);
    expect(bad.kind).toBe("dump-failed");
    expect((await listSnapshots(repo, { tags: [tag] })).length).toBe(2);
  });
});
