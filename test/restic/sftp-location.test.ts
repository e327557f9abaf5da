import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { insertLocation } from "@/lib/engine/storage/locations";
import { backupFolder, listTree, restoreSnapshot, targetTag } from "@/lib/engine/restic";
import { withRepoOf } from "@/lib/engine/restic/target-repo";
import { repoRowOf } from "@/lib/engine/restic/repo-password";
import { startSshd, type SshdServer } from "../servers/sshd";
import { removeTempDirs, tempDir, treeDigest, writeRandom } from "./fixture";

let sshd: SshdServer;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
  removeTempDirs();
});

describe("restic repository on an SFTP storage location (the test sshd)", () => {
  it("created on first use from the location row (sealed key, pinned host key); back up, change, back up, restore a selected folder", async () => {
    const remote = path.join(sshd.dir, "sftp-loc");
    const loc = insertLocation(getDb(), {
      name: "offsite",
      kind: "sftp",
      settings: { host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, path: remote },
    });
    expect(JSON.stringify(loc.settings)).not.toContain("PRIVATE KEY");
    const src = tempDir("sftp-src");
    writeRandom(path.join(src, "cam1/d1/a.mp4"), 600_000);
    writeRandom(path.join(src, "cam2/d1/b.mp4"), 200_000);
    const tags = [targetTag(77)];
    const first = await withRepoOf(loc, (repo) => backupFolder(repo, src, { tags }));
    expect(fs.existsSync(path.join(remote, "restic", "config"))).toBe(true);
    expect(repoRowOf(loc.id)!.initializedAt).not.toBeNull();
    const before = treeDigest(src);

    writeRandom(path.join(src, "cam1/d1/a.mp4"), 600_000);
    writeRandom(path.join(src, "cam1/d2/c.mp4"), 100_000);
    const second = await withRepoOf(loc, (repo) => backupFolder(repo, src, { tags, parent: first.id }));
    expect(second).toMatchObject({ filesNew: 1, filesChanged: 1, filesUnmodified: 1 });
    expect(second.dataAddedBytes).toBeLessThan(900_000);

    const out = tempDir("sftp-out");
    await withRepoOf(loc, async (repo) => {
      expect((await listTree(repo, first.id, "/cam1")).entries.map((e) => e.name)).toEqual(["d1"]);
      await restoreSnapshot(repo, first.id, out, { include: ["/cam1/d1"] });
    });
    expect(treeDigest(out)).toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => k.startsWith("cam1/d1/"))));
  });
});
