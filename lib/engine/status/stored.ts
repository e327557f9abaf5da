import { eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { runs, targets, targetStatus, type TargetStatusRow } from "../../db/schema";
import { now as clockNow } from "../clock";
import { loadTargetStatuses, type TargetStatusInfo } from "./load-statuses";
import { runStartedAt, statusSummary, type TargetStatusSummary } from "./status-summary";
import { validUntil } from "./validity";

/**
 * The status words are computed when something changes and stored in target_status (one row per
 * target), not per request. loadTargetStatuses (load-statuses.ts) stays THE computation: a refresh
 * stores exactly what statusSummary() of it says, and a read returns the stored row only while it
 * is provably the same answer — not stale (database triggers mark a row stale on every change of a
 * run, schedule or the target's enabled flag, whoever writes it) and `now` inside
 * [computed_at, valid_until). Any other row is computed in memory for that read, so a missed refresh
 * costs time, never a wrong word. Refreshes: run queued/started/finished (lib/engine/runs), target,
 * schedule and restore changes through the same triggers + the scheduler tick (refreshStaleStatuses).
 */

function rowOf(targetId: number, info: TargetStatusInfo, at: Date): typeof targetStatus.$inferInsert {
  const last = info.lastRun;
  const finished = info.lastFinished;
  const success = info.lastSuccess;
  return {
    targetId,
    status: info.status,
    overdueSince: info.overdueSince,
    expectedAt: info.expectedAt,
    nextRunAt: info.nextRunAt,
    lastRunId: last?.id ?? null,
    lastRunStatus: last?.status ?? null,
    lastRunAt: last ? runStartedAt(last) : null,
    lastSuccessAt: success ? runStartedAt(success) : null,
    lastSizeBytes: success?.sizeBytes ?? null,
    lastDurationMs: finished?.durationMs ?? null,
    lastError: finished && finished.status !== "success" ? finished.errorSummary : null,
    activeRunId: info.activeRun?.id ?? null,
    activeRunStatus: info.activeRun?.status ?? null,
    activeStartedAt: info.activeRun?.startedAt ?? null,
    computedAt: at,
    validUntil: validUntil(info, at),
    stale: false,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The stored row as statusSummary() would say it; the active run's progress is read live by the caller. */
export function summaryOfRow(r: TargetStatusRow, progress?: { bytesProcessed: number | null; totalBytes: number | null }): TargetStatusSummary {
  return {
    status: r.status as TargetStatusSummary["status"],
    overdueSince: iso(r.overdueSince),
    expectedAt: iso(r.expectedAt),
    nextRunAt: iso(r.nextRunAt),
    lastRunId: r.lastRunId,
    lastRunStatus: r.lastRunStatus,
    lastRunAt: iso(r.lastRunAt),
    lastSuccessAt: iso(r.lastSuccessAt),
    lastSizeBytes: r.lastSizeBytes,
    lastDurationMs: r.lastDurationMs,
    lastError: r.lastError,
    activeRun:
      r.activeRunId != null && r.activeRunStatus
        ? {
            id: r.activeRunId,
            status: r.activeRunStatus,
            startedAt: iso(r.activeStartedAt),
            bytesProcessed: progress?.bytesProcessed ?? null,
            totalBytes: progress?.totalBytes ?? null,
          }
        : null,
  };
}

/** A stored row that says what a fresh computation at `at` would. */
export function isCurrent(r: TargetStatusRow, at: Date): boolean {
  const t = at.getTime();
  return !r.stale && r.computedAt.getTime() <= t && (r.validUntil == null || t < r.validUntil.getTime());
}

/**
 * Recompute and store the status of these targets (all when omitted) as of `at`. Pass the
 * transaction when called inside one (the row then commits or rolls back with the change).
 */
export function refreshTargetStatuses(ids?: number[], db: DbOrTx = getDb(), at: Date = clockNow()): number {
  if (ids && ids.length === 0) return 0;
  const write = (tx: DbOrTx) => {
    const infos = loadTargetStatuses(at, ids, tx);
    for (const [id, info] of infos) {
      const row = rowOf(id, info, at);
      tx.insert(targetStatus).values(row).onConflictDoUpdate({ target: targetStatus.targetId, set: row }).run();
    }
    return infos.size;
  };
  // Outside a transaction: one IMMEDIATE transaction, so no change slips between the read and the write.
  // Inside a caller's transaction better-sqlite3 nests it as a savepoint.
  return db === getDb() ? getDb().transaction(write, { behavior: "immediate" }) : write(db);
}

/** THE hook for code that changes a run, schedule or target: one call, after (or inside) the change. */
export function refreshTargetStatus(targetId: number, db: DbOrTx = getDb(), at: Date = clockNow()): void {
  refreshTargetStatuses([targetId], db, at);
}

/** Targets whose row is missing, stale or past its valid_until: the scheduler tick refreshes them. */
export function refreshStaleStatuses(at: Date = clockNow(), db: DbOrTx = getDb()): number {
  const ids = db
    .select({ id: targets.id })
    .from(targets)
    .leftJoin(targetStatus, eq(targetStatus.targetId, targets.id))
    .where(
      or(
        isNull(targetStatus.targetId),
        eq(targetStatus.stale, true),
        lte(targetStatus.validUntil, at),
        sql`${targetStatus.computedAt} > ${at.getTime()}`,
      ),
    )
    .all()
    .map((r) => r.id);
  return refreshTargetStatuses(ids, db, at);
}

/**
 * THE status words of these targets (all when omitted) at `now`, for lists, the dashboard and the
 * API: stored rows where current, a fresh computation for the others (not written: a read does not
 * write; the next change or tick does).
 */
export function readTargetSummaries(ids?: number[], now: Date = new Date(), db: DbOrTx = getDb()): Map<number, TargetStatusSummary> {
  const out = new Map<number, TargetStatusSummary>();
  if (ids && ids.length === 0) return out;
  const rows = db
    .select()
    .from(targetStatus)
    .where(ids ? inArray(targetStatus.targetId, ids) : undefined)
    .all();
  const current = rows.filter((r) => isCurrent(r, now));
  const active = current.filter((r) => r.activeRunId != null).map((r) => r.activeRunId!);
  const progress = new Map(
    active.length
      ? db.select({ id: runs.id, bytesProcessed: runs.bytesProcessed, totalBytes: runs.totalBytes }).from(runs).where(inArray(runs.id, active)).all().map((p) => [p.id, p])
      : [],
  );
  for (const r of current) out.set(r.targetId, summaryOfRow(r, progress.get(r.activeRunId ?? -1)));
  const missing = ids ? ids.filter((id) => !out.has(id)) : allTargetIds(db).filter((id) => !out.has(id));
  if (missing.length) for (const [id, info] of loadTargetStatuses(now, missing, db)) out.set(id, statusSummary(info));
  return out;
}

function allTargetIds(db: DbOrTx): number[] {
  return db.select({ id: targets.id }).from(targets).all().map((r) => r.id);
}
