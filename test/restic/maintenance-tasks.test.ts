import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { tasks, type Task } from "@/lib/db/schema";
import { kickQueue } from "@/lib/engine/queue/queue";
import { enqueueTask } from "@/lib/engine/tasks/task-rows";
import { recoverAfterRestart } from "@/lib/engine/tasks/recovery";
import { backupStream, listLocks, listSnapshots, rawDataSize, targetTag, type ResticChild } from "@/lib/engine/restic";
import { withRunRepo } from "@/lib/engine/restic/target-repo";
import { makeTarget } from "@/test/backup/fixtures";
import { backupNow, userActor } from "@/test/restore/testing";
import { dirBytes, removeTempDirs, tempDir, writeRandom } from "./fixture";

afterAll(removeTempDirs);

async function taskEnded(id: number): Promise<Task> {
  kickQueue();
  for (let i = 0; i < 600; i++) {
    const t = getDb().select().from(tasks).where(eq(tasks.id, id)).get()!;
    if (t.status !== "queued" && t.status !== "running") return t;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task ${id} did not end`);
}

describe("restic repository upkeep as task kinds of the one queue", () => {
  it("restic-prune frees what forget dropped, restic-check reads a subset; both recorded in tasks", async () => {
    const op = userActor("operator");
    const src = tempDir("msrc");
    writeRandom(path.join(src, "old/a.bin"), 1_500_000);
    const t = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, storageRoot: tempDir("mstore"), keepDays: null, keepLast: 1 });
    const first = await backupNow(op, t.id);
    fs.rmSync(path.join(src, "old"), { recursive: true });
    writeRandom(path.join(src, "new/b.bin"), 200_000);
    const second = await backupNow(op, t.id);
    // keepLast 1: the prune task after the second run forgets the first snapshot.
    for (let i = 0; i < 300 && getDb().select().from(tasks).all().filter((x) => x.kind === "prune" && x.finishedAt).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const data = path.join(first.storageRoot!, "restic", "data");
    expect(await withRunRepo(second, (repo) => rawDataSize(repo))).toBeLessThan(600_000);
    expect(dirBytes(data)).toBeGreaterThan(1_500_000);

    const prune = await taskEnded(enqueueTask({ kind: "restic-prune", priority: 10 }).id);
    expect(prune).toMatchObject({ status: "done", error: null });
    expect(dirBytes(data)).toBeLessThan(600_000);
    expect((await withRunRepo(first, (repo) => listSnapshots(repo, { tags: [targetTag(t.id)] }))).map((s) => s.shortId)).toEqual([second.snapshot!.id]);

    const check = await taskEnded(enqueueTask({ kind: "restic-check", priority: 10, params: { readDataSubset: "50%" } }).id);
    expect(check).toMatchObject({ status: "done", error: null });

    // Damage: a pack file overwritten → the check task fails and says so.
    const packs = path.join(first.storageRoot!, "restic", "data");
    const pack = fs.readdirSync(packs).flatMap((d) => fs.readdirSync(path.join(packs, d)).map((f) => path.join(packs, d, f)))[0]!;
    fs.chmodSync(pack, 0o600);
    fs.writeFileSync(pack, crypto.randomBytes(fs.statSync(pack).size));
    const bad = await taskEnded(enqueueTask({ kind: "restic-check", priority: 10, params: { readDataSubset: "100%" } }).id);
    expect(bad.status).toBe("failed");
    expect(bad.error).toMatch(/restic check found damage/);
  });

  it("a restic killed mid-backup leaves no snapshot; start-up recovery queues the unlock that removes its lock", async () => {
    const op = userActor("operator");
    const src = tempDir("ksrc");
    writeRandom(path.join(src, "x.bin"), 1000);
    const t = makeTarget({ type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, storageRoot: tempDir("kstore") });
    const run = await backupNow(op, t.id);
    const feed = new PassThrough();
    let child: ResticChild | null = null;
    let seen!: () => void;
    const started = new Promise<void>((r) => (seen = r));
    const running = withRunRepo(run, (repo) => backupStream(repo, feed, "big.bin", { tags: [targetTag(t.id)], onProgress: () => seen() }, (c) => (child = c)));
    feed.write(crypto.randomBytes(4 << 20));
    await started;
    process.kill(child!.pid!, "SIGKILL");
    await expect(running).rejects.toThrow();
    expect((await withRunRepo(run, (repo) => listSnapshots(repo))).map((s) => s.shortId)).toEqual([run.snapshot!.id]);
    expect(await withRunRepo(run, (repo) => listLocks(repo))).toHaveLength(1);

    const report = recoverAfterRestart();
    expect(report.recovered.find((r) => r.kind === "restic-unlock")?.lines[0]).toMatch(/stale restic locks/);
    const unlock = getDb().select().from(tasks).all().filter((x) => x.kind === "restic-unlock").at(-1)!;
    expect(await taskEnded(unlock.id)).toMatchObject({ status: "done", error: null });
    expect(await withRunRepo(run, (repo) => listLocks(repo))).toEqual([]);
  });
});
