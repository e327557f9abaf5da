import { describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { auditLog, events, runs, schedules, targets } from "../../db/schema";
import { ConflictError } from "../../errors";
import { Scheduler } from "./tick";
import { makeRun, makeSchedule, makeTarget } from "../../../test/scheduler/fixtures";
import type { Enqueue } from "./ports";

/**
 * The database side of enqueueRun: insert a queued run. The unique index on
 * (schedule_id, scheduled_for) is the real one; the busy check mirrors the runner's.
 * (The integration test in loop.integration.test.ts drives the real runner.)
 */
const insertRun: Enqueue = (targetId, o) => {
  const db = getDb();
  return db.transaction((tx) => {
    const busy = tx.select({ id: runs.id }).from(runs).where(and(eq(runs.targetId, targetId), inArray(runs.status, ["queued", "running"]))).get();
    if (busy) throw new ConflictError("already running");
    try {
      return tx
        .insert(runs)
        .values({ targetId, trigger: o.trigger, scheduleId: o.scheduleId ?? null, scheduledFor: o.scheduledFor ?? null, attempt: o.attempt ?? 1, retryOfRunId: o.retryOfRunId ?? null, queuedAt: new Date() })
        .returning({ id: runs.id })
        .get();
    } catch (e) {
      if (String(e).includes("UNIQUE")) throw new ConflictError("slot already has a run");
      throw e;
    }
  });
};
const finish = (id: number, status: "success" | "failed", at: Date) =>
  getDb().update(runs).set({ status, startedAt: at, finishedAt: at }).where(eq(runs.id, id)).run();
const runsOf = (scheduleId: number) => getDb().select().from(runs).where(eq(runs.scheduleId, scheduleId)).orderBy(runs.id).all();
const at = (iso: string) => new Date(iso);

describe("Scheduler.tick", () => {
  it("starts exactly one run per slot even with two instances on one database", async () => {
    const t = makeTarget();
    const s = makeSchedule(t.id, { kind: "hourly", minute: 0 });
    const a = new Scheduler(insertRun, at("2024-05-01T09:30:00Z"));
    const b = new Scheduler(insertRun, at("2024-05-01T09:30:00Z"));
    for (const now of ["2024-05-01T09:59:00Z", "2024-05-01T10:00:00Z", "2024-05-01T10:00:01Z", "2024-05-01T10:01:00Z"]) {
      await Promise.all([a.tick(at(now)), b.tick(at(now))]);
    }
    expect(runsOf(s.id).map((r) => r.scheduledFor?.toISOString())).toEqual(["2024-05-01T10:00:00.000Z"]);
    finish(runsOf(s.id)[0].id, "success", at("2024-05-01T10:00:05Z"));
    await b.tick(at("2024-05-01T11:00:00Z"));
    await a.tick(at("2024-05-01T11:00:00Z"));
    expect(runsOf(s.id).map((r) => r.scheduledFor?.toISOString())).toEqual(["2024-05-01T10:00:00.000Z", "2024-05-01T11:00:00.000Z"]);
  });

  it("does not catch up slots missed while down, unless catchUp, and then only once", async () => {
    const t1 = makeTarget();
    const plain = makeSchedule(t1.id, { kind: "daily", hour: 2, minute: 0 });
    const t2 = makeTarget();
    const catchy = makeSchedule(t2.id, { kind: "daily", hour: 2, minute: 0, catchUp: true });
    // Down from before 02:00 on 1 May to 10:00 on 3 May: two slots missed.
    const sch = new Scheduler(insertRun, at("2024-05-03T10:00:00Z"));
    await sch.tick(at("2024-05-03T10:00:00Z"));
    await sch.tick(at("2024-05-03T10:01:00Z"));
    expect(runsOf(plain.id)).toHaveLength(0);
    expect(runsOf(catchy.id).map((r) => r.scheduledFor?.toISOString())).toEqual(["2024-05-03T02:00:00.000Z"]);
  });

  it("applies a toggle or an edit on the next tick, without a restart", async () => {
    const t = makeTarget();
    const s = makeSchedule(t.id, { kind: "hourly", minute: 0, enabled: false });
    const sch = new Scheduler(insertRun, at("2024-05-01T09:00:00Z"));
    await sch.tick(at("2024-05-01T10:00:00Z"));
    expect(runsOf(s.id)).toHaveLength(0);
    getDb().update(schedules).set({ enabled: true, minute: 1 }).where(eq(schedules.id, s.id)).run();
    await sch.tick(at("2024-05-01T10:01:00Z"));
    expect(runsOf(s.id).map((r) => r.scheduledFor?.toISOString())).toEqual(["2024-05-01T10:01:00.000Z"]);
    const row = getDb().select().from(schedules).where(eq(schedules.id, s.id)).get()!;
    expect(row.nextRunAt?.toISOString()).toBe("2024-05-01T11:01:00.000Z");
  });

  it("waits for a busy target and then serves the slot", async () => {
    const t = makeTarget();
    const s = makeSchedule(t.id, { kind: "hourly", minute: 0 });
    const manual = makeRun(t.id, { status: "running", finishedAt: null, startedAt: at("2024-05-01T09:50:00Z") });
    const sch = new Scheduler(insertRun, at("2024-05-01T09:00:00Z"));
    const r1 = await sch.tick(at("2024-05-01T10:00:00Z"));
    expect(r1.deferred).toContain(s.id);
    for (const m of ["10:01", "10:02", "10:03", "10:04"]) await sch.tick(at(`2024-05-01T${m}:00Z`));
    expect(runsOf(s.id)).toHaveLength(0);
    finish(manual.id, "success", at("2024-05-01T09:50:00Z"));
    await sch.tick(at("2024-05-01T10:05:00Z"));
    expect(runsOf(s.id).map((r) => r.scheduledFor?.toISOString())).toEqual(["2024-05-01T10:00:00.000Z"]);
  });

  it("retries a failed scheduled run with growing back-off, up to retryMax", async () => {
    const t = makeTarget();
    const s = makeSchedule(t.id, { kind: "daily", hour: 2, minute: 0, retryMax: 2, retryBackoffMinutes: 5 });
    const sch = new Scheduler(insertRun, at("2024-05-01T01:00:00Z"));
    await sch.tick(at("2024-05-01T02:00:00Z"));
    finish(runsOf(s.id)[0].id, "failed", at("2024-05-01T02:01:00Z"));
    await sch.tick(at("2024-05-01T02:05:00Z")); // 4 min after the failure: too early
    expect(runsOf(s.id)).toHaveLength(1);
    await sch.tick(at("2024-05-01T02:06:00Z")); // 5 min: retry 1
    let all = runsOf(s.id);
    expect(all.map((r) => [r.attempt, r.retryOfRunId])).toEqual([[1, null], [2, all[0].id]]);
    finish(all[1].id, "failed", at("2024-05-01T02:07:00Z"));
    await sch.tick(at("2024-05-01T02:16:00Z")); // 9 min: too early for the 10-min back-off
    expect(runsOf(s.id)).toHaveLength(2);
    await sch.tick(at("2024-05-01T02:17:00Z"));
    all = runsOf(s.id);
    expect(all).toHaveLength(3);
    finish(all[2].id, "failed", at("2024-05-01T02:18:00Z"));
    await sch.tick(at("2024-05-01T05:00:00Z")); // retryMax reached
    expect(runsOf(s.id)).toHaveLength(3);
  });

  it("records the moment a target becomes overdue and when it recovers, once across instances", async () => {
    const t = makeTarget();
    makeSchedule(t.id, { kind: "daily", hour: 2, minute: 0, graceMinutes: 30 });
    makeRun(t.id, { startedAt: at("2024-04-30T02:00:10Z") });
    const a = new Scheduler(insertRun, at("2024-05-01T03:00:00Z"));
    const b = new Scheduler(insertRun, at("2024-05-01T03:00:00Z"));
    await Promise.all([a.tick(at("2024-05-01T03:00:00Z")), b.tick(at("2024-05-01T03:00:00Z"))]);
    const tRow = () => getDb().select().from(targets).where(eq(targets.id, t.id)).get()!;
    expect(tRow().overdueSince?.toISOString()).toBe("2024-05-01T02:30:00.000Z");
    const evs = () => getDb().select().from(events).where(eq(events.targetId, t.id)).all().map((e) => e.type);
    expect(evs()).toEqual(["target.overdue"]);
    makeRun(t.id, { startedAt: at("2024-05-01T03:05:00Z") });
    await Promise.all([a.tick(at("2024-05-01T03:06:00Z")), b.tick(at("2024-05-01T03:06:00Z"))]);
    expect(tRow().overdueSince).toBeNull();
    expect(evs()).toEqual(["target.overdue", "target.recovered"]);
    const audits = getDb().select().from(auditLog).where(eq(auditLog.entityId, String(t.id))).all().map((r) => r.action);
    expect(audits).toEqual(["target.overdue", "target.recovered"]);
  });
});
