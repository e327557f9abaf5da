import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getRestorePreview } from "@/lib/services/restores/preview";
import { startRestore } from "@/lib/services/restores/create";
import { makeTarget } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, runRow, userActor } from "@/test/restore/testing";
import { removeTempDirs, tempDir, treeDigest, writeRandom } from "./fixture";

afterAll(removeTempDirs);

const sub = (digest: Record<string, string>, prefix: string) => Object.fromEntries(Object.entries(digest).filter(([k]) => k.startsWith(prefix)));

describe("restore of a restic run (preview → safety backup → restore)", () => {
  it("back up, change, back up; restore a selected folder of the first snapshot (alternate, then the original with its safety snapshot)", async () => {
    const op = userActor("operator");
    const src = tempDir("rsrc");
    writeRandom(path.join(src, "cam1/2026-12-01/a.mp4"), 700_000);
    writeRandom(path.join(src, "cam1/2026-12-01/deep/b.mp4"), 300_000);
    writeRandom(path.join(src, "cam2/2026-12-01/c.mp4"), 200_000);
    fs.writeFileSync(path.join(src, "top.txt"), "v1\n");
    const t = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, storageRoot: tempDir("rstore") });
    const first = await backupNow(op, t.id);
    const before = treeDigest(src);

    // Day 2: the 12-01 folder of cam1 is damaged, a new day arrives, top.txt changes.
    writeRandom(path.join(src, "cam1/2026-12-01/a.mp4"), 700_000);
    fs.rmSync(path.join(src, "cam1/2026-12-01/deep"), { recursive: true });
    writeRandom(path.join(src, "cam1/2026-12-02/d.mp4"), 100_000);
    fs.writeFileSync(path.join(src, "top.txt"), "v2\n");
    const second = await backupNow(op, t.id);
    expect(second.snapshot).toMatchObject({ filesNew: 1, filesChanged: 2 });

    const preview = await getRestorePreview(userActor("viewer"), first.id);
    expect(preview).toMatchObject({ problem: null, restorable: true, manifest: null, destination: { original: true, safetyBackup: true } });
    expect(preview.space.needBytes).toBe(first.snapshot!.totalBytes);

    // Alternate (empty) folder: exactly the selected folder comes back, nothing else.
    const alt = path.join(tempDir("ralt"), "out");
    const a = await restoreAndWait(op, { runId: first.id, destination: { mode: "alternate", path: alt }, confirmName: t.name, include: ["/cam1/2026-12-01"] });
    expect(a.errorSummary).toBeNull();
    expect(a.status).toBe("success");
    expect(a.safetyRunId).toBeNull();
    expect(a.destination).toMatchObject({ include: ["/cam1/2026-12-01"] });
    expect(treeDigest(alt)).toEqual(sub(before, "cam1/2026-12-01/"));

    // The original: a safety snapshot first, then only that folder is put back; the rest stays as it is now.
    const now = treeDigest(src);
    const o = await restoreAndWait(op, { runId: first.id, destination: { mode: "original" }, confirmName: t.name, include: ["/cam1/2026-12-01"] });
    expect(o.errorSummary).toBeNull();
    expect(o.status).toBe("success");
    const safety = runRow(o.safetyRunId!);
    expect(safety).toMatchObject({ status: "success", trigger: "safety", artifactState: "snapshot" });
    expect(safety.snapshot!.filesUnmodified).toBe(4);
    const after = treeDigest(src);
    expect(sub(after, "cam1/2026-12-01/")).toEqual(sub(before, "cam1/2026-12-01/"));
    expect(after["top.txt"]).toBe(now["top.txt"]);
    expect(after["cam1/2026-12-02/d.mp4"]).toBe(now["cam1/2026-12-02/d.mp4"]);
    expect(fs.readdirSync(src).filter((n) => n.startsWith(".lifeboat-restore-"))).toEqual([]);
  });

  it("include is refused for an archive run and for a path with ..", async () => {
    const op = userActor("operator");
    const src = tempDir("rsrc2");
    fs.writeFileSync(path.join(src, "x"), "x");
    const archive = makeTarget({ type: "filesystem", source: { path: src, exclude: [] }, storageRoot: tempDir("rstore2") });
    const run = await backupNow(op, archive.id);
    await expect(startRestore(op, { runId: run.id, destination: { mode: "alternate", path: path.join(tempDir("x"), "o") }, confirmName: archive.name, include: ["/x"] })).rejects.toThrow(/restic snapshot/);
    const restic = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, storageRoot: tempDir("rstore3") });
    const r = await backupNow(op, restic.id);
    await expect(startRestore(op, { runId: r.id, destination: { mode: "alternate", path: path.join(tempDir("y"), "o") }, confirmName: restic.name, include: ["/../etc"] })).rejects.toThrow(/Invalid path/);
  });
});
