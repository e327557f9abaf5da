// One queue for every task kind: the parallel limit (restores count too), one item per target
// across kinds, and the priority order — with real backups, restores, test restores and prunes.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { restores, runs, tasks } from "@/lib/db/schema";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { updateSettings } from "@/lib/services/settings/settings";
import { startRestore } from "@/lib/services/restores/create";
import { startTestRestore } from "@/lib/services/restores/start-test";
import { waitForRun } from "@/lib/engine/runs/wait";
import { enqueueWithRunner } from "@/lib/engine/scheduler/engine";
import { enqueueTask } from "@/lib/engine/tasks/task-rows";
import { kickQueue } from "@/lib/engine/queue/queue";
import { makeTarget, operator, script, tmpDir } from "@/test/backup/fixtures";
import { backupNow, waitForRestore } from "@/test/restore/testing";

const bin = tmpDir("lb-bin-");
const SYSTEM = { type: "system", role: "admin" } as const;
const setLimit = (n: number) => updateSettings(SYSTEM, { maxParallelRuns: n });
afterEach(() => setLimit(2));

type Span = { what: string; start: number; end: number };
const span = (what: string, r: { startedAt: Date | null; finishedAt: Date | null }): Span => ({ what, start: r.startedAt!.getTime(), end: r.finishedAt!.getTime() });

function folderTarget(sleepSeconds = 0) {
  const src = tmpDir("lb-src-");
  fs.writeFileSync(path.join(src, "a.txt"), "hello");
  const preHook = sleepSeconds ? script(bin, `sleep-${sleepSeconds}.sh`, `sleep ${sleepSeconds}`) : null;
  return makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-store-"), preHook });
}

async function until<T>(what: string, fn: () => T | null | undefined | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const endedTask = (id: number) => {
  const t = getDb().select().from(tasks).where(eq(tasks.id, id)).get()!;
  return t.status !== "queued" && t.status !== "running" ? t : null;
};

/** The most items whose spans overlap at one moment. */
function maxOverlap(spans: Span[]): number {
  const points = spans.flatMap((s) => [
    { t: s.start, d: 1 },
    { t: s.end, d: -1 },
  ]);
  points.sort((a, b) => a.t - b.t || a.d - b.d); // an end at the same ms as a start: not an overlap
  let n = 0;
  let max = 0;
  for (const p of points) max = Math.max(max, (n += p.d));
  return max;
}

describe("the task queue", () => {
  test("a backup, a test restore and a prune of one target never overlap; the test restore goes before the prune", async () => {
    const op = operator();
    const t = folderTarget(1);
    const first = await backupNow(op, t.id);
    const backup = enqueueRun(op, t.id);
    await until("the backup running", () => getDb().select().from(runs).where(eq(runs.id, backup.id)).get()!.status === "running");
    // Queued behind the service checks, as another console process could: only the queue keeps them apart.
    const test_ = getDb()
      .insert(restores)
      .values({ runId: first.id, targetId: t.id, kind: "test", destination: { mode: "scratch" }, status: "queued", queuedAt: new Date() })
      .returning()
      .get();
    const prune = enqueueTask({ kind: "prune", targetId: t.id, priority: 10 });
    kickQueue();
    expect(getDb().select().from(restores).where(eq(restores.id, test_.id)).get()!.status).toBe("queued");
    expect(getDb().select().from(tasks).where(eq(tasks.id, prune.id)).get()!.status).toBe("queued");

    const b = await waitForRun(backup.id, 60_000);
    const tr = await waitForRestore(test_.id);
    const p = await until("the prune", () => endedTask(prune.id));
    expect([b.status, tr.status, p.status]).toEqual(["success", "success", "done"]);
    const spans = [span("backup", b), span("test restore", tr)];
    // Every prune of the target (the one after the first backup too; the backup's own merged into ours).
    for (const x of getDb().select().from(tasks).where(and(eq(tasks.kind, "prune"), eq(tasks.targetId, t.id))).all()) spans.push(span(`prune ${x.id}`, x));
    expect(maxOverlap(spans), JSON.stringify(spans)).toBe(1);
    expect(tr.startedAt!.getTime()).toBeLessThanOrEqual(p.startedAt!.getTime());
  }, 120_000);

  test("the parallel limit holds across kinds, and a restore's safety backup runs in its restore's slot", async () => {
    const op = operator();
    const a = folderTarget(1);
    const f = folderTarget();
    const base = await backupNow(op, f.id);
    setLimit(1);
    const busy = enqueueRun(op, a.id);
    // A restore onto the original needs a safety backup first: with one slot it must not wait for itself.
    const r = await startRestore(op, { runId: base.id, destination: { mode: "original" }, confirmName: f.name });
    const done = await waitForRestore(r.id, 60_000);
    expect(done.status).toBe("success");
    const safety = getDb().select().from(runs).where(eq(runs.id, done.safetyRunId!)).get()!;
    expect(safety.status).toBe("success");
    const ab = await waitForRun(busy.id);
    // The restore waited for the slot the backup of another target held.
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(ab.finishedAt!.getTime());

    setLimit(2);
    const many = [1, 2, 3, 4].map(() => folderTarget(1)).map((x) => enqueueRun(op, x.id));
    const ended = await Promise.all(many.map((m) => waitForRun(m.id, 60_000)));
    expect(ended.map((e) => e.status)).toEqual(["success", "success", "success", "success"]);
    expect(maxOverlap(ended.map((e) => span(`run ${e.id}`, e)))).toBe(2);
  }, 120_000);

  test("priority: a restore first, then manual backups, test restores, and scheduled backups last", async () => {
    const op = operator();
    const [a, b, c, d, e] = [folderTarget(1), folderTarget(), folderTarget(), folderTarget(), folderTarget()];
    const dRun = await backupNow(op, d.id);
    const eRun = await backupNow(op, e.id);
    await until("the prunes after those backups", () => !getDb().select().from(tasks).where(eq(tasks.status, "queued")).get() && !getDb().select().from(tasks).where(eq(tasks.status, "running")).get());
    setLimit(1);
    const first = enqueueRun(op, a.id);
    await until("the first backup running", () => getDb().select().from(runs).where(eq(runs.id, first.id)).get()!.status === "running");
    // Queued in the opposite order of their priority.
    const scheduled = await enqueueWithRunner(b.id, { trigger: "scheduler" });
    const manual = enqueueRun(op, c.id);
    const test_ = startTestRestore(op, dRun.id);
    const restore = await startRestore(op, { runId: eRun.id, destination: { mode: "alternate", path: path.join(tmpDir("lb-alt-"), "into") }, confirmName: e.name });

    const ends = {
      first: await waitForRun(first.id, 60_000),
      restore: await waitForRestore(restore.id, 60_000),
      manual: await waitForRun(manual.id, 60_000),
      test: await waitForRestore(test_.id, 60_000),
      scheduled: await waitForRun(scheduled.id, 60_000),
    };
    for (const x of Object.values(ends)) expect(x.status).toBe("success");
    const order = Object.entries(ends)
      .sort((x, y) => x[1].startedAt!.getTime() - y[1].startedAt!.getTime())
      .map(([k]) => k);
    expect(order).toEqual(["first", "restore", "manual", "test", "scheduled"]);
  }, 120_000);
});
