import { afterAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, runs, schedules, targets, targetStatus, type RunStatus } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { setClock } from "../clock";
import { enqueueBackup } from "../runs/enqueue";
import { finishRun, markRunning, saveProgress } from "../runs/record";
import { createSchedule, deleteSchedule, setScheduleEnabled, updateSchedule } from "../../services/schedules/save";
import { updateTarget } from "../../services/targets/update";
import { reportRun } from "../../services/reports/report";
import { loadTargetStatuses } from "./load-statuses";
import { statusSummary } from "./status-summary";
import { isCurrent, readTargetSummaries, refreshStaleStatuses, refreshTargetStatuses, summaryOfRow } from "./stored";

/**
 * The stored status words (stored.ts) against THE computation (loadTargetStatuses + statusSummary),
 * over scenarios driven through the code that changes runs, schedules and targets.
 */
const admin: Actor = { type: "cli", label: "test", role: "admin" };
const MIN = 60_000;
const H = 60 * MIN;
let clock = new Date("2025-06-10T10:30:00Z");
setClock(() => clock);
afterAll(() => setClock(null));

const fresh = (at: Date) => new Map([...loadTargetStatuses(at)].map(([id, info]) => [id, statusSummary(info)]));
const progressOf = (runId: number | null) =>
  runId == null ? undefined : getDb().select({ bytesProcessed: runs.bytesProcessed, totalBytes: runs.totalBytes }).from(runs).where(eq(runs.id, runId)).get();

/** Every stored row is current at `at` (the hooks refreshed it) and says what a fresh computation says. */
function expectStoredCurrent(at: Date, label: string) {
  const want = fresh(at);
  const rows = getDb().select().from(targetStatus).all();
  expect(rows.map((r) => r.targetId).sort(), label).toEqual([...want.keys()].sort());
  for (const r of rows) {
    expect(isCurrent(r, at), `${label}: target ${r.targetId} current`).toBe(true);
    expect(summaryOfRow(r, progressOf(r.activeRunId)), `${label}: target ${r.targetId}`).toEqual(want.get(r.targetId));
  }
  expect(readTargetSummaries(undefined, at), label).toEqual(want);
}

/** What the lists read equals a fresh computation, whatever the stored rows' state. */
function expectReadsFresh(at: Date, label: string) {
  expect(readTargetSummaries(undefined, at), label).toEqual(fresh(at));
}

function target(name: string, extra: Partial<typeof targets.$inferInsert> = {}): number {
  const db = getDb();
  const app = db.select().from(apps).get() ?? db.insert(apps).values({ name: "shop" }).returning().get();
  return db.insert(targets).values({ appId: app.id, name, type: "filesystem", source: { path: "/srv" }, ...extra }).returning().get().id;
}

const enqueue = (targetId: number, trigger: "manual" | "safety" | "upload" = "manual") =>
  getDb().transaction((tx) => enqueueBackup(tx, { targetId, trigger }, clock), { behavior: "immediate" }).id;

function finish(runId: number, status: Exclude<RunStatus, "queued" | "running">, size?: number) {
  finishRun(runId, {
    status,
    finishedAt: clock,
    errorSummary: status === "success" ? null : `${status} at ${clock.toISOString()}`,
    artifact: size ? { storageRoot: "/tmp", artifactPath: `a/${runId}.tar.zst`, sizeBytes: size, sha256: "0".repeat(64), manifest: {} } : null,
  });
}

const tick = (ms: number) => (clock = new Date(clock.getTime() + ms));

describe("stored status words = the fresh computation", () => {
  const ids: Record<string, number> = {};

  it("after a full refresh (start-up) of targets in every state", () => {
    ids.daily = target("daily");
    ids.hourly = target("hourly");
    ids.off = target("off", { enabled: false });
    ids.none = target("none");
    ids.ext = target("ext", { type: "external", source: {} });
    const sched = (t: number, v: Partial<typeof schedules.$inferInsert>) =>
      getDb().insert(schedules).values({ targetId: t, kind: "daily", hour: 2, minute: 0, graceMinutes: 60, timezone: "UTC", enabledAt: new Date("2025-06-01T00:00:00Z"), ...v }).run();
    sched(ids.daily, {});
    sched(ids.hourly, { kind: "hourly", minute: 45, graceMinutes: 10 });
    sched(ids.hourly, { kind: "hourly", minute: 15, purpose: "test_restore" });
    sched(ids.off, { kind: "hourly", minute: 0 });
    sched(ids.ext, { kind: "daily", hour: 9, minute: 30 });
    refreshTargetStatuses();
    expectStoredCurrent(clock, "start-up");
  });

  it("through a run queued, started, progressing and finished", () => {
    const run = enqueue(ids.daily);
    expectStoredCurrent(clock, "queued");
    tick(MIN);
    markRunning(run, clock, "/tmp/log");
    expectStoredCurrent(clock, "running");
    saveProgress(run, 500, 1000);
    expectStoredCurrent(clock, "progress (read live)");
    tick(5 * MIN);
    finish(run, "success", 1234);
    expectStoredCurrent(clock, "success");
    const failed = enqueue(ids.hourly);
    markRunning(failed, clock, "/tmp/log");
    finish(failed, "failed");
    expectStoredCurrent(clock, "failed");
    const cancelled = enqueue(ids.hourly);
    finish(cancelled, "cancelled");
    expectStoredCurrent(clock, "cancelled while queued");
    const safety = enqueue(ids.off, "safety");
    expectStoredCurrent(clock, "safety backup of a disabled target queued");
    markRunning(safety, clock, "/tmp/log");
    finish(safety, "success", 99);
    expectStoredCurrent(clock, "safety backup done (not counted)");
  });

  it("when schedules and targets change through the services", () => {
    const s = createSchedule(admin, { targetId: ids.none, kind: "hourly", minute: "5", timezone: "UTC", graceMinutes: "0" }, clock);
    expectStoredCurrent(clock, "schedule created");
    updateSchedule(admin, s.id, { targetId: ids.none, kind: "daily", hour: "3", minute: "0", timezone: "UTC", graceMinutes: "30" }, clock);
    expectStoredCurrent(clock, "schedule edited");
    setScheduleEnabled(admin, s.id, false, clock);
    expectStoredCurrent(clock, "schedule disabled");
    setScheduleEnabled(admin, s.id, true, clock);
    expectStoredCurrent(clock, "schedule enabled");
    updateTarget(admin, { id: ids.hourly, enabled: false });
    expectStoredCurrent(clock, "target paused");
    updateTarget(admin, { id: ids.hourly, enabled: true });
    expectStoredCurrent(clock, "target resumed");
    deleteSchedule(admin, s.id, clock);
    expectStoredCurrent(clock, "schedule deleted");
  });

  it("when an external script reports", () => {
    reportRun(admin, ids.ext, { event: "start" }, clock);
    expectStoredCurrent(clock, "report start");
    tick(2 * MIN);
    reportRun(admin, ids.ext, { event: "success", sizeBytes: 42 }, clock);
    expectStoredCurrent(clock, "report success");
  });

  it("as time passes: slots and grace deadlines; the tick's refresh stores them again", () => {
    for (const step of [10 * MIN, 50 * MIN, 3 * H, 17 * H, 2 * 24 * H]) {
      tick(step);
      expectReadsFresh(clock, `+${step / MIN} min, before the tick`);
      refreshStaleStatuses(clock);
      expectStoredCurrent(clock, `+${step / MIN} min, after the tick`);
    }
  });

  it("a row is current up to the last millisecond before valid_until", () => {
    const rows = getDb().select().from(targetStatus).all();
    expect(rows.some((r) => r.validUntil)).toBe(true);
    for (const r of rows) {
      if (!r.validUntil) continue;
      const last = new Date(r.validUntil.getTime() - 1);
      expect(summaryOfRow(r, progressOf(r.activeRunId)), `target ${r.targetId} at valid_until - 1 ms`).toEqual(fresh(last).get(r.targetId));
    }
  });

  it("a change written without the hook (raw SQL) marks the row stale: reads stay right", () => {
    const last = getDb().select().from(runs).where(eq(runs.targetId, ids.daily)).all().at(-1)!;
    getDb().run(sql`update runs set status = 'failed', error_summary = 'edited by hand' where id = ${last.id}`);
    expect(getDb().select().from(targetStatus).where(eq(targetStatus.targetId, ids.daily)).get()!.stale).toBe(true);
    expectReadsFresh(clock, "after a raw update");
    getDb().run(sql`insert into runs (target_id, trigger, status, queued_at) values (${ids.none}, 'manual', 'queued', ${clock.getTime()})`);
    expectReadsFresh(clock, "after a raw insert");
    getDb().run(sql`update schedules set grace_minutes = 1 where target_id = ${ids.daily}`);
    expectReadsFresh(clock, "after a raw schedule update");
    refreshStaleStatuses(clock);
    expectStoredCurrent(clock, "after the tick");
  });

  it("a deleted target takes its row with it; a new one is computed until refreshed", () => {
    getDb().delete(targets).where(eq(targets.id, ids.off)).run();
    ids.late = target("late");
    expectReadsFresh(clock, "new target without a row");
    refreshStaleStatuses(clock);
    expectStoredCurrent(clock, "after the tick");
  });

  it("a read for a moment before the row was computed is computed fresh", () => {
    const earlier = new Date(clock.getTime() - 3 * 24 * H);
    expectReadsFresh(earlier, "3 days earlier");
  });
});
