import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { kickQueue } from "@/lib/engine/queue/queue";
import { waitForRun } from "@/lib/engine/runs/wait";
import { getDb } from "@/lib/db/client";
import { auditLog, restores, runs, schedules, type RestoreStatus } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { Scheduler } from "@/lib/engine/scheduler/tick";
import { enqueueWithRunner } from "@/lib/engine/scheduler/engine";
import { makeTarget, operator, script, tmpDir } from "@/test/backup/fixtures";

const bin = tmpDir("lb-bin-");
const storage = tmpDir("lb-store-");

/** A script target with one finished backup, and a restore row of that backup in `status`. */
function targetBeingRestored(status: RestoreStatus = "running") {
  const t = makeTarget({ type: "script", source: { command: script(bin, "ok.sh", `echo x > "$LIFEBOAT_OUTPUT_FILE"`) }, storageRoot: storage }, "guard");
  const done = getDb().insert(runs).values({ targetId: t.id, trigger: "manual", status: "success", queuedAt: new Date() }).returning().get();
  const r = getDb()
    .insert(restores)
    .values({ runId: done.id, targetId: t.id, destination: { mode: "original" }, status, queuedAt: new Date() })
    .returning()
    .get();
  return { t, restoreId: r.id };
}

const setRestore = (id: number, status: RestoreStatus) => getDb().update(restores).set({ status }).where(eq(restores.id, id)).run();
const runsOf = (targetId: number) => getDb().select().from(runs).where(eq(runs.targetId, targetId)).orderBy(runs.id).all();

async function until<T>(what: string, fn: () => T | null | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("backups wait for restores of the same target", () => {
  test.each(["queued", "running"] as const)("a backup of a target with a %s restore is refused, and nothing is recorded", (status) => {
    const { t } = targetBeingRestored(status);
    const before = runsOf(t.id).length;
    const audits = getDb().select().from(auditLog).where(eq(auditLog.action, "run.trigger")).all().length;
    let err: unknown;
    try {
      enqueueRun(operator(), t.id);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toBe(`A restore of guard/${t.name} is in progress`);
    expect(runsOf(t.id)).toHaveLength(before);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "run.trigger")).all()).toHaveLength(audits);
  });

  test("a finished restore no longer blocks: the backup runs", async () => {
    const { t, restoreId } = targetBeingRestored("running");
    setRestore(restoreId, "failed");
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.status).toBe("success");
  });

  test("the restore's own safety backup runs; one naming another restore is refused", async () => {
    const { t, restoreId } = targetBeingRestored("running");
    expect(() => enqueueRun(operator(), t.id, { trigger: "safety", restoreId: restoreId + 1000 })).toThrow(ConflictError);
    const safety = await waitForRun(enqueueRun(operator(), t.id, { trigger: "safety", restoreId }).id);
    expect(safety.status).toBe("success");
    expect(safety.restoreId).toBe(restoreId);
  });

  test("the queue never starts a run whose target is being restored (a run queued behind the check), then starts it", async () => {
    const { t, restoreId } = targetBeingRestored("running");
    // As if another process queued it without the runner's check.
    const queued = getDb().insert(runs).values({ targetId: t.id, trigger: "manual", status: "queued", queuedAt: new Date() }).returning().get();
    kickQueue();
    expect(getDb().select().from(runs).where(eq(runs.id, queued.id)).get()!.status).toBe("queued");
    setRestore(restoreId, "success");
    kickQueue();
    const run = await waitForRun(queued.id);
    expect(run.status).toBe("success");
  });

  test("a queued run waiting on a restore starts by itself once the restore ends (the queue looks again)", async () => {
    const { t, restoreId } = targetBeingRestored("queued");
    const queued = getDb().insert(runs).values({ targetId: t.id, trigger: "scheduler", status: "queued", queuedAt: new Date() }).returning().get();
    kickQueue();
    expect(getDb().select().from(runs).where(eq(runs.id, queued.id)).get()!.status).toBe("queued");
    setRestore(restoreId, "cancelled");
    const run = await waitForRun(queued.id, 20_000);
    expect(run.status).toBe("success");
  });

  test("the scheduler treats a restore as busy: the slot is deferred, then served when the restore has ended", async () => {
    const { t, restoreId } = targetBeingRestored("running");
    const s = getDb()
      .insert(schedules)
      .values({ targetId: t.id, kind: "hourly", minute: 0, timezone: "UTC", createdAt: new Date("2020-01-01T00:00:00Z") })
      .returning()
      .get();
    const sched = new Scheduler(enqueueWithRunner, new Date("2024-05-01T09:30:00Z"));
    const first = await sched.tick(new Date("2024-05-01T10:00:00Z"));
    expect(first.errors).toEqual([]);
    expect(first.deferred).toContain(s.id);
    expect(getDb().select().from(runs).where(eq(runs.scheduleId, s.id)).all()).toHaveLength(0);

    setRestore(restoreId, "success");
    const second = await sched.tick(new Date("2024-05-01T10:01:00Z"));
    expect(second.enqueued.map((e) => e.scheduleId)).toContain(s.id);
    const row = await until("the scheduled run", () =>
      getDb().select().from(runs).where(and(eq(runs.scheduleId, s.id), eq(runs.scheduledFor, new Date("2024-05-01T10:00:00Z")))).get(),
    );
    expect((await waitForRun(row.id)).status).toBe("success");
  });
});
