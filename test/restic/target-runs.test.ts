import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { resticRepos, runs, tasks } from "@/lib/db/schema";
import { seal } from "@/lib/crypto/secrets";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { getRun } from "@/lib/services/runs/get";
import { listRunFiles } from "@/lib/services/runs/snapshot-files";
import { waitForRun } from "@/lib/engine/runs/wait";
import { listSnapshots, targetTag } from "@/lib/engine/restic";
import { withRunRepo } from "@/lib/engine/restic/target-repo";
import { makeTarget, operator } from "@/test/backup/fixtures";
import { removeTempDirs, tempDir, writeRandom } from "./fixture";

afterAll(removeTempDirs);

async function backUp(targetId: number) {
  const { id } = enqueueRun(operator(), targetId);
  return waitForRun(id, 60_000);
}

/** The prune task a successful backup queues (restic forget for a restic target), waited for: the `n`th one of the target. */
async function retentionDone(targetId: number, n: number) {
  for (let i = 0; i < 300; i++) {
    const done = getDb().select().from(tasks).where(eq(tasks.targetId, targetId)).all().filter((t) => t.kind === "prune" && t.finishedAt);
    if (done.length >= n) {
      expect(done.map((t) => t.error)).toEqual(done.map(() => null));
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("retention did not finish");
}

describe("restic engine wired to targets (local repository)", () => {
  it("a folder target backs up as snapshots: counts, data added, browse, retention by restic forget", async () => {
    const src = tempDir("src");
    const storage = tempDir("store");
    writeRandom(path.join(src, "cam1/2026-12-01/a.mp4"), 2_000_000);
    writeRandom(path.join(src, "cam1/2026-12-01/b.mp4"), 1_000_000);
    fs.writeFileSync(path.join(src, "notes.txt"), "one\n");
    const t = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, storageRoot: storage, keepDays: null, keepLast: 2 });

    const first = await backUp(t.id);
    expect(first.errorSummary).toBeNull();
    expect(first.status).toBe("success");
    expect(first.artifactState).toBe("snapshot");
    expect(first.snapshot).toMatchObject({ filesNew: 3, filesChanged: 0, filesUnmodified: 0 });
    expect(first.snapshot!.dataAddedBytes).toBeGreaterThan(3_000_000);
    expect(first.sizeBytes).toBe(first.snapshot!.dataAddedBytes);
    // The repository is on the target's folder location, created on first use with a sealed password.
    expect(fs.existsSync(path.join(storage, "restic", "config"))).toBe(true);
    const row = getDb().select().from(resticRepos).where(eq(resticRepos.storageId, first.storageId!)).get()!;
    expect(row.initializedAt).not.toBeNull();
    expect(row.passwordEnc).not.toContain(" ");
    await retentionDone(t.id, 1);

    writeRandom(path.join(src, "cam1/2026-12-02/c.mp4"), 500_000);
    fs.writeFileSync(path.join(src, "notes.txt"), "two\n");
    const second = await backUp(t.id);
    expect(second.status).toBe("success");
    expect(second.snapshot).toMatchObject({ filesNew: 1, filesChanged: 1, filesUnmodified: 2 });
    // Only the new video (and small metadata) went in: deduplication, not a second full copy.
    expect(second.snapshot!.dataAddedBytes).toBeLessThan(1_000_000);
    expect(getRun(operator(), second.id).snapshot).toEqual(second.snapshot);
    await retentionDone(t.id, 2);

    const root = await listRunFiles(operator(), second.id, { path: "/" });
    expect(root.entries.map((e) => `${e.type}:${e.name}`)).toEqual(["dir:cam1", "file:notes.txt"]);
    const cam = await listRunFiles(operator(), second.id, { path: "/cam1", q: "12-02" });
    expect(cam).toMatchObject({ total: 1, entries: [{ path: "/cam1/2026-12-02", type: "dir" }] });
    await expect(listRunFiles(operator(), second.id, { path: "/nope" })).rejects.toThrow(/not a folder/);
    await expect(listRunFiles(operator(), second.id, { path: "/../etc" })).rejects.toThrow(/Invalid path/);

    // keepLast 2: the third backup makes restic forget the first snapshot; its run becomes pruned.
    const third = await backUp(t.id);
    expect(third.status).toBe("success");
    expect(third.snapshot!.filesUnmodified).toBe(4);
    await retentionDone(t.id, 3);
    const states = getDb().select({ id: runs.id, s: runs.artifactState }).from(runs).where(eq(runs.targetId, t.id)).all();
    expect(states).toEqual([
      { id: first.id, s: "pruned" },
      { id: second.id, s: "snapshot" },
      { id: third.id, s: "snapshot" },
    ]);
    const left = await withRunRepo(third, (repo) => listSnapshots(repo, { tags: [targetTag(t.id)] }));
    expect(left.map((s) => s.shortId).sort()).toEqual([second.snapshot!.id, third.snapshot!.id].sort());
  });

  it("a failing pg_dump through stdin fails the run and leaves no snapshot", async () => {
    const storage = tempDir("store-pg");
    const t = makeTarget({ type: "postgres", engine: "restic", source: { url: "postgres://postgres@127.0.0.1:5432/lifeboat_no_such_db" }, storageRoot: storage });
    const run = await backUp(t.id);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/pg_dump failed .*no snapshot was kept/);
    expect(run.snapshot).toBeNull();
    expect(run.artifactState).toBe("none");
    const left = await withRunRepo({ id: run.id, storageId: getDb().select().from(resticRepos).all().at(-1)!.storageId }, (repo) => listSnapshots(repo, { tags: [targetTag(t.id)] }));
    expect(left).toEqual([]);
  });

  it("a PostgreSQL target dumps plain SQL into restic; a wrong repository password is a clear error", async () => {
    const storage = tempDir("store-pg2");
    const t = makeTarget({ type: "postgres", engine: "restic", source: { url: "postgres://postgres@127.0.0.1:5432/test" }, storageRoot: storage });
    const ok = await backUp(t.id);
    expect(ok.errorSummary).toBeNull();
    expect(ok.snapshot!.filesNew).toBe(1);
    const files = await listRunFiles(operator(), ok.id, { path: "/" });
    expect(files.entries.map((e) => e.name)).toEqual(["database.sql"]);

    getDb().update(resticRepos).set({ passwordEnc: seal("not-the-password") }).where(eq(resticRepos.storageId, ok.storageId!)).run();
    const bad = await backUp(t.id);
    expect(bad.status).toBe("failed");
    expect(bad.errorSummary).toMatch(/repository password is wrong/);
  });
});
