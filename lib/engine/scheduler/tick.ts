import { and, eq, ne } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, schedules, targets, type Schedule } from "../../db/schema";
import { ConflictError } from "../../errors";
import { getSettings } from "../../settings/settings";
import { computeNextRunAt } from "./next-run";
import { enqueueTask } from "../tasks/task-rows";
import { PRIORITY } from "../tasks/task-kind";
import { kickQueue } from "../queue/queue";
import { latestSlot } from "./slots";
import { dueRetry } from "./retries";
import { applyOverdueTransitions, type Transitions } from "./overdue-transitions";
import { applyCopyLagTransitions, type LagTransitions } from "../copies/copy-lag";
import { refreshStaleStatuses } from "../status/stored";
import { scheduledTestRestore } from "../restore/scheduled-test";
import type { Enqueue, TestRestoreRunner } from "./ports";

/** A slot this close before the previous tick still counts as fresh (a slow or skipped tick). */
const FRESH_MS = 2 * 60_000;

export interface TickReport {
  enqueued: { scheduleId: number; runId: number; slot: string }[];
  retried: { scheduleId: number; runId: number; retryOf: number }[];
  duplicates: number;
  deferred: number[];
  testRestores: number[];
  transitions: Transitions;
  copyLag?: LagTransitions;
  swept: boolean;
  errors: string[];
}

function runExists(scheduleId: number, slot: Date): boolean {
  return Boolean(
    getDb()
      .select({ id: runs.id })
      .from(runs)
      .where(and(eq(runs.scheduleId, scheduleId), eq(runs.scheduledFor, slot)))
      .get(),
  );
}

/**
 * One scheduler instance (one per process; tests make two on one database file). Each tick reads
 * schedules fresh from the database, so edits and toggles apply at once without a restart.
 */
export class Scheduler {
  private prevTick: Date | null = null;
  /** scheduleId → slot (ms) that could not start because its target was busy; retried while it is the latest slot. */
  private busy = new Map<number, number>();
  private lastSweep: number | null = null;
  /** scheduleId → slot (ms) of the test restore this instance started (the restore feature guards across processes). */
  private testRestoreServed = new Map<number, number>();

  constructor(
    private readonly enqueue: Enqueue,
    private readonly startedAt: Date = new Date(),
    private readonly testRestore: TestRestoreRunner = scheduledTestRestore,
  ) {}

  async tick(now: Date = new Date()): Promise<TickReport> {
    const report: TickReport = { enqueued: [], retried: [], duplicates: 0, deferred: [], testRestores: [], transitions: { overdue: [], recovered: [], cleared: [] }, swept: false, errors: [] };
    const firstTick = this.prevTick === null;
    const freshAfter = (this.prevTick ?? this.startedAt).getTime() - FRESH_MS;
    const rows = getDb()
      .select({ s: schedules, type: targets.type })
      .from(schedules)
      .innerJoin(targets, eq(targets.id, schedules.targetId))
      .where(and(eq(schedules.enabled, true), eq(targets.enabled, true), ne(schedules.kind, "manual")))
      .all()
      // External targets are fed by their own scripts' reports: their schedules only set overdue.
      .filter((r) => r.type !== "external" || r.s.purpose === "test_restore")
      .map((r) => r.s);

    for (const s of rows) {
      try {
        await this.serveSlot(s, now, firstTick, freshAfter, report);
        await this.retryIfDue(s, now, report);
      } catch (e) {
        report.errors.push(`schedule ${s.id}: ${(e as Error).message}`);
      }
    }
    this.refreshNextRunAt(now);
    try {
      report.transitions = applyOverdueTransitions(now);
    } catch (e) {
      report.errors.push(`overdue: ${(e as Error).message}`);
    }
    try {
      // The offsite copies' own overdue: copy.lagging / copy.recovered, one per episode.
      report.copyLag = applyCopyLagTransitions(now);
    } catch (e) {
      report.errors.push(`copy lag: ${(e as Error).message}`);
    }
    try {
      // Time passing changes the status words (a slot, a grace deadline): store them again.
      refreshStaleStatuses(now);
    } catch (e) {
      report.errors.push(`status: ${(e as Error).message}`);
    }
    report.swept = this.sweepIfDue(now, freshAfter, report);
    this.prevTick = now;
    return report;
  }

  private async serveSlot(s: Schedule, now: Date, firstTick: boolean, freshAfter: number, report: TickReport) {
    const slot = latestSlot(s, now);
    if (!slot) return;
    const t = slot.getTime();
    // Missed slots (the console was down) are not caught up, except once at start-up when asked.
    const fresh = t > freshAfter || this.busy.get(s.id) === t;
    const catchUp = firstTick && s.catchUp && t >= s.createdAt.getTime();
    if (!fresh && !catchUp) return;
    if (s.purpose === "test_restore") {
      if (this.testRestoreServed.get(s.id) !== t) {
        this.testRestoreServed.set(s.id, t);
        await this.testRestore({ scheduleId: s.id, targetId: s.targetId, scheduledFor: slot });
        report.testRestores.push(s.id);
      }
      return;
    }
    if (runExists(s.id, slot)) return;
    try {
      const run = await this.enqueue(s.targetId, { trigger: "scheduler", scheduleId: s.id, scheduledFor: slot, attempt: 1 });
      this.busy.delete(s.id);
      report.enqueued.push({ scheduleId: s.id, runId: run.id, slot: slot.toISOString() });
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      // Either another process took the slot (unique index) or the target is busy: try again next tick.
      if (runExists(s.id, slot)) {
        report.duplicates++;
        this.busy.delete(s.id);
      } else {
        this.busy.set(s.id, t);
        report.deferred.push(s.id);
      }
    }
  }

  private async retryIfDue(s: Schedule, now: Date, report: TickReport) {
    const failed = dueRetry(s, now);
    if (!failed) return;
    try {
      const run = await this.enqueue(s.targetId, {
        trigger: "scheduler",
        scheduleId: s.id,
        scheduledFor: null,
        attempt: failed.attempt + 1,
        retryOfRunId: failed.id,
      });
      report.retried.push({ scheduleId: s.id, runId: run.id, retryOf: failed.id });
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e; // busy: the next tick tries again
    }
  }

  private refreshNextRunAt(now: Date) {
    const db = getDb();
    const all = db.select().from(schedules).all();
    const enabledTargets = new Set(db.select({ id: targets.id }).from(targets).where(eq(targets.enabled, true)).all().map((t) => t.id));
    db.transaction((tx) => {
      for (const s of all) {
        const next = enabledTargets.has(s.targetId) ? computeNextRunAt(s, now) : null;
        if ((next?.getTime() ?? null) !== (s.nextRunAt?.getTime() ?? null)) {
          tx.update(schedules).set({ nextRunAt: next }).where(eq(schedules.id, s.id)).run();
        }
      }
    });
  }

  private sweepIfDue(now: Date, freshAfter: number, report: TickReport): boolean {
    try {
      const { retentionSweepTime, defaultTimezone } = getSettings();
      const [hour, minute] = retentionSweepTime.split(":").map(Number);
      const slot = latestSlot({ kind: "daily", hour, minute, timezone: defaultTimezone }, now);
      if (!slot || slot.getTime() <= freshAfter || this.lastSweep === slot.getTime()) return false;
      this.lastSweep = slot.getTime();
      // The sweep is a task: it queues one prune per target, each waiting for its target to be free.
      enqueueTask({ kind: "retention-sweep", priority: PRIORITY.sweep }, now);
      kickQueue();
      return true;
    } catch (e) {
      report.errors.push(`retention sweep: ${(e as Error).message}`);
      return false;
    }
  }
}
