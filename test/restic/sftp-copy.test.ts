import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupFolder, copySnapshots, generateRepoPassword, initCopyRepo, initRepo, listSnapshots, restoreSnapshot, ResticError, targetTag, type ResticRepo } from "../../lib/engine/restic";
import { makeRepo, tempDir, treeDigest, writeRandom } from "./fixture";
import { startSshd, type Sshd } from "./sshd";

let sshd: Sshd;
let remote: ResticRepo;
const tag = targetTag(3);

beforeAll(async () => {
  sshd = await startSshd();
  const dir = tempDir("sftp");
  remote = { location: `sftp:${"127.0.0.1"}:${dir}/repo`, password: generateRepoPassword(), cacheDir: path.join(dir, "cache"), options: [sshd.resticOption] };
});
afterAll(() => sshd?.stop());

describe("restic engine: an SFTP repository and copies", () => {
  it("backs up to an SFTP repository incrementally and restores a selected folder from it", async () => {
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
