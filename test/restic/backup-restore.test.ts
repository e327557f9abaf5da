import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import tarStream from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupFolder, dumpTar, listSnapshots, listTree, restoreSize, restoreSnapshot, targetTag, type BackupProgress } from "../../lib/engine/restic";
import { makeRepo, tempDir, treeDigest, writeRandom, removeTempDirs } from "./fixture";

let repo: Awaited<ReturnType<typeof makeRepo>>;
let src: string;
const tag = targetTag(7);

beforeAll(async () => {
  repo = await makeRepo();
  src = tempDir("src");
  for (let i = 0; i < 4; i++) writeRandom(path.join(src, "cam1", "2026-12-01", `clip${i}.mp4`), 2_000_000);
  for (let i = 0; i < 50; i++) {
    const dir = path.join(src, "uploads", `u${i % 5}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `f${i}.txt`), `upload ${i}\n`);
  }
  fs.symlinkSync("/etc/passwd", path.join(src, "uploads", "outside-link"));
});

afterAll(removeTempDirs);

describe("restic engine: folder backups", () => {
  it("backs up, then a second run after changes adds only the new data, and a selected folder restores identical", async () => {
    const progress: BackupProgress[] = [];
    const first = await backupFolder(repo, src, { tags: [tag], onProgress: (p) => progress.push(p) });
    expect(first.id).toMatch(/^[0-9a-f]{8,}$/);
    // restic counts regular files here (the symlink is a node, not a file).
    expect(first.filesNew).toBe(54);
    expect(first.dataAddedBytes).toBeGreaterThan(8_000_000);
    expect(first.totalBytes).toBeGreaterThan(8_000_000);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.percent).toBeGreaterThan(0);

    // Day 2: one new clip, one changed upload, the rest unchanged.
    writeRandom(path.join(src, "cam1", "2026-12-02", "clip0.mp4"), 2_000_000);
    fs.writeFileSync(path.join(src, "uploads", "u1", "f1.txt"), "changed\n");
    const second = await backupFolder(repo, src, { tags: [tag], parent: first.id });
    expect(second.filesNew).toBe(1);
    expect(second.filesChanged).toBe(1);
    expect(second.filesUnmodified).toBe(53);
    // Only the new clip (and small trees) were written, not the 8 MB already stored.
    expect(second.dataAddedBytes).toBeGreaterThan(1_900_000);
    expect(second.dataAddedBytes).toBeLessThan(2_300_000);

    const snaps = await listSnapshots(repo, { tags: [tag] });
    expect(snaps.map((s) => s.shortId)).toEqual([first.id, second.id].map((id) => id.slice(0, 8)));

    // The preview's figures agree with what the restore then writes.
    const preview = await restoreSize(repo, second.id, ["/cam1/2026-12-02", "/uploads/u1/"]);
    const u1 = fs.readdirSync(path.join(src, "uploads", "u1")).reduce((n, f) => n + fs.statSync(path.join(src, "uploads", "u1", f)).size, 0);
    expect(preview).toEqual({ files: 11, bytes: 2_000_000 + u1 });
    expect((await restoreSize(repo, second.id)).files).toBe(56);
    const dest = tempDir("dest");
    const r = await restoreSnapshot(repo, second.id, dest, { include: ["/cam1/2026-12-02", "/uploads/u1"] });
    expect(r).toEqual(preview);
    const want = Object.fromEntries(Object.entries(treeDigest(src)).filter(([k]) => k.startsWith("cam1/2026-12-02/") || k.startsWith("uploads/u1/")));
    expect(treeDigest(dest)).toEqual(want);
    expect(fs.readdirSync(dest).filter((n) => n.startsWith(".lifeboat-restore-"))).toEqual([]);
  });

  it("restores the whole snapshot, symlinks as links, and never writes through a symlink in the destination", async () => {
    const [snap] = await listSnapshots(repo, { tags: [tag] });
    const dest = tempDir("whole");
    await restoreSnapshot(repo, snap.id, dest);
    expect(fs.readlinkSync(path.join(dest, "uploads", "outside-link"))).toBe("/etc/passwd");
    expect(Object.keys(treeDigest(dest)).length).toBe(55);

    const outside = tempDir("outside");
    const trap = tempDir("trap");
    fs.symlinkSync(outside, path.join(trap, "uploads"));
    await expect(restoreSnapshot(repo, snap.id, trap, { include: ["/uploads"] })).rejects.toThrow(/symlink uploads/);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.readdirSync(trap).sort()).toEqual(["uploads"]);
  });

  it("lists a snapshot's folder one page at a time, searchable, and dumps a folder as tar", async () => {
    const snaps = await listSnapshots(repo, { tags: [tag] });
    const last = snaps.at(-1)!;
    const root = await listTree(repo, last.id, "/");
    expect(root.entries.map((e) => `${e.type}:${e.name}`)).toEqual(["dir:cam1", "dir:uploads"]);
    const p1 = await listTree(repo, last.id, "/uploads/u0", { offset: 0, limit: 4 });
    expect(p1.total).toBe(10);
    expect(p1.entries.map((e) => e.name)).toEqual(["f0.txt", "f10.txt", "f15.txt", "f20.txt"]);
    const p3 = await listTree(repo, last.id, "uploads/u0/", { offset: 8, limit: 4 });
    expect(p3.entries.map((e) => e.path)).toEqual(["/uploads/u0/f45.txt", "/uploads/u0/f5.txt"]);
    expect((await listTree(repo, last.id, "/uploads/u0", { search: "F4" })).entries.map((e) => e.name)).toEqual(["f40.txt", "f45.txt"]);
    await expect(listTree(repo, last.id, "/nope")).rejects.toThrow(/not a folder/);

    const out = new PassThrough();
    const names: string[] = [];
    const extract = tarStream.extract();
    extract.on("entry", (h, stream, next) => {
      names.push(h.name);
      stream.resume();
      stream.on("end", next);
    });
    const done = new Promise<void>((res) => extract.on("finish", () => res()));
    out.pipe(extract);
    await dumpTar(repo, last.id, "/uploads/u2", out);
    out.end();
    await done;
    expect(names.filter((n) => n.endsWith(".txt")).length).toBe(10);
  });
});
