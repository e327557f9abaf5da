import crypto from "node:crypto";
import fs from "node:fs";
import { PassThrough } from "node:stream";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupFolder, backupStream, copySnapshots, listLocks, unlockOwnStale, generateRepoPassword, initCopyRepo, initRepo, listSnapshots, withLocationRepo, restoreSnapshot, ResticError, targetTag, type ResticRepo } from "../../lib/engine/restic";
import { makeRepo, tempDir, treeDigest, writeRandom, removeTempDirs } from "./fixture";
import { startSshd, type SshdServer } from "../servers/sshd";

let sshd: SshdServer;
const tag = targetTag(3);

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
  removeTempDirs();
});

/** Run `fn` with an SFTP location's repository on the test sshd (key auth, pinned host key). */
function onSftp<T>(dir: string, password: string, fn: (repo: ResticRepo) => Promise<T>): Promise<T> {
  const loc = { kind: "sftp" as const, host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, path: dir };
  return withLocationRepo(loc, password, fn);
}

async function sftpRoundTrip(remote: ResticRepo): Promise<void> {
  await initRepo(remote);
  const src = tempDir("sftp-src");
  writeRandom(path.join(src, "cam1", "d1", "a.mp4"), 1_500_000);
  fs.mkdirSync(path.join(src, "docs"));
  fs.writeFileSync(path.join(src, "docs", "x.txt"), "x\n");
  const first = await backupFolder(remote, src, { tags: [tag] });
  writeRandom(path.join(src, "cam1", "d2", "b.mp4"), 1_000_000);
  const second = await backupFolder(remote, src, { tags: [tag], parent: first.id });
  expect(second.filesNew).toBe(1);
  expect(second.filesUnmodified).toBe(2);
  expect(second.dataAddedBytes).toBeLessThan(1_200_000);
  const dest = tempDir("sftp-dest");
  await restoreSnapshot(remote, second.id, dest, { include: ["/cam1"] });
  expect(treeDigest(dest)).toEqual(Object.fromEntries(Object.entries(treeDigest(src)).filter(([k]) => k.startsWith("cam1/"))));

  const wrong = await listSnapshots({ ...remote, password: "nope" }).catch((e) => e);
  expect(wrong).toBeInstanceOf(ResticError);
  expect(wrong.kind).toBe("wrong-password");
}

describe("restic engine: an SFTP repository and copies", () => {
  it("backs up to an SFTP repository incrementally and restores a selected folder from it", async () => {
    const password = generateRepoPassword();
    await onSftp(tempDir("sftp"), password, (remote) => sftpRoundTrip(remote));
  });

  it("an SFTP connection killed mid-backup fails the backup: no snapshot, and the lock left behind is removed as ours", async () => {
    const password = generateRepoPassword();
    await onSftp(tempDir("sftp-kill"), password, async (remote) => {
      await initRepo(remote);
      const feed = new PassThrough();
      let killed = false;
      const run = backupStream(remote, feed, "big.bin", {
        tags: [tag],
        onProgress: () => {
          if (!killed) killed = sshd.faults.killSessions() > 0;
        },
      });
      feed.write(crypto.randomBytes(2 << 20));
      // restic writes to the server only when a pack is full or the input ends: end it after the kill.
      while (!killed) await new Promise((r) => setTimeout(r, 100));
      feed.end(crypto.randomBytes(20 << 20));
      await expect(run).rejects.toThrow(ResticError);
      expect(killed).toBe(true);
      expect(await listSnapshots(remote)).toEqual([]);
      // restic could not remove its lock over the dead connection; start-up removes it as ours.
      expect(await listLocks(remote)).toHaveLength(1);
      expect((await unlockOwnStale(remote)).removed).toHaveLength(1);
      expect(await listLocks(remote)).toEqual([]);
    });
  });

  it("a copy location gets the target's snapshots with restic copy, only the new ones the second time", async () => {
    const local = await makeRepo();
    const src = tempDir("copy-src");
    writeRandom(path.join(src, "a.bin"), 800_000);
    await backupFolder(local, src, { tags: [tag] });
    await backupFolder(local, src, { tags: [targetTag(4)] });
    const copyDir = tempDir("copy");
    const copy: ResticRepo = { location: path.join(copyDir, "repo"), password: generateRepoPassword(), cacheDir: path.join(copyDir, "cache") };
    await initCopyRepo(copy, local);
    await copySnapshots(copy, local, tag);
    expect((await listSnapshots(copy)).map((s) => s.tags)).toEqual([[tag]]);
    writeRandom(path.join(src, "b.bin"), 800_000);
    await backupFolder(local, src, { tags: [tag] });
    await copySnapshots(copy, local, tag);
    const copied = await listSnapshots(copy, { tags: [tag] });
    expect(copied).toHaveLength(2);
    const dest = tempDir("copy-dest");
    await restoreSnapshot(copy, copied[1].id, dest);
    expect(treeDigest(dest)).toEqual(treeDigest(src));
  });
});
