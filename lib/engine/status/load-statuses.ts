import { inArray, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { schedules, type RunStatus, type Schedule } from "../../db/schema";
import { evaluateTarget, type OverdueInfo, type StatusSchedule, type TargetStatus } from "./target-status";
import { countedTriggerSql } from "./counted-runs";

/** The columns of a run the lists and metrics show beside the status word. */
export interface RunFacts {
  id: number;
  status: RunStatus;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  sizeBytes: number | null;
  errorSummary: string | null;
}

export interface ActiveRunFacts {
  id: number;
  status: "queued" | "running";
  startedAt: Date | null;
  bytesProcessed: number | null;
  totalBytes: number | null;
}

/**
 * Everything every view says about a target's health. Only counted runs (counted-runs.ts) are
 * read: an upload or a safety backup is never the last run, the last success or the size.
 */
export interface TargetStatusInfo {
  status: TargetStatus;
  /** The missed expected slot and since when the target is overdue (null while not overdue). */
  overdue: OverdueInfo | null;
  /** = overdue.deadline: "overdue since <time>". */
  overdueSince: Date | null;
  /** The expected slot while overdue, else the earliest expected one (null without a schedule). */
  expectedAt: Date | null;
  /** The episode as the scheduler recorded it (targets.overdue_since/_slot), for the transitions only. */
  recordedOverdue: { since: Date; slot: Date | null } | null;
  /**
   * Start of the newest counted successful run by id (a report counts too). Newest by id, not the
   * latest start: only that is an index walk, and runs of one target start in id order (per-target lock).
   */
  lastSuccessStartedAt: Date | null;
  enabled: boolean;
  schedules: Schedule[];
  /** The newest counted run of any status (a cancelled or running one too). */
  lastRun: RunFacts | null;
  /** The newest finished counted run (success, partial, failed, interrupted): what the status word reads. */
  lastFinished: RunFacts | null;
  lastSuccess: RunFacts | null;
  /** The run going now, of any trigger (a safety backup runs on the source too): running before queued, then the newest. */
  activeRun: ActiveRunFacts | null;
  /** The earliest next slot of the target's enabled backup schedules (null when paused or manual). */
  nextRunAt: Date | null;
}

const idList = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

/**
 * The newest run, finished run and successful run of each target. Each subquery walks
 * runs_target_id (target_id, id) backwards and stops at the first match: the cost grows with the
 * number of targets, not with the history (an aggregate over every run costs ~100 ms at 100k runs;
 * see bench/dashboard.ts and the EXPLAIN QUERY PLAN test beside this file).
 */
export function newestRunsQuery(ids?: number[]) {
  const counted = countedTriggerSql(sql`r.trigger`);
  return sql`
    select t.id, t.enabled, t.overdue_since, t.overdue_slot,
      (select r.id from runs r where r.target_id = t.id and ${counted} order by r.id desc limit 1) as last_run_id,
      (select r.id from runs r where r.target_id = t.id and ${counted}
         and r.status in ('success', 'partial', 'failed', 'interrupted') order by r.id desc limit 1) as last_finished_id,
      (select r.id from runs r where r.target_id = t.id and ${counted} and r.status = 'success' order by r.id desc limit 1) as last_success_id
    from targets t ${ids ? sql`where t.id in (${idList(ids)})` : sql``}`;
}

/** Runs queued or running now: a short range of runs_status. */
export const activeRunsQuery = () => sql`
  select id, target_id, status, started_at, bytes_processed, total_bytes from runs
  where status in ('queued', 'running') order by status desc, id desc`;

interface TargetRow {
  id: number;
  enabled: number;
  overdue_since: number | null;
  overdue_slot: number | null;
  last_run_id: number | null;
  last_finished_id: number | null;
  last_success_id: number | null;
}

interface RunRow {
  id: number;
  status: RunStatus;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
  duration_ms: number | null;
  size_bytes: number | null;
  error_summary: string | null;
}

interface ActiveRow {
  id: number;
  target_id: number;
  status: "queued" | "running";
  started_at: number | null;
  bytes_processed: number | null;
  total_bytes: number | null;
}

const date = (ms: number | null) => (ms == null ? null : new Date(ms));

/** A schedule row as the rule reads it: it promises backups from its creation or last enabling on. */
export function statusSchedule(s: Schedule): StatusSchedule {
  return { ...s, activeSince: s.enabledAt ?? s.createdAt };
}

function loadRuns(ids: number[], db: DbOrTx): Map<number, RunFacts> {
  const out = new Map<number, RunFacts>();
  if (ids.length === 0) return out;
  const rows = db.all<RunRow>(sql`
    select id, status, queued_at, started_at, finished_at, duration_ms, size_bytes, error_summary
    from runs where id in (${idList(ids)})`);
  for (const r of rows) {
    out.set(r.id, {
      id: r.id,
      status: r.status,
      queuedAt: new Date(r.queued_at),
      startedAt: date(r.started_at),
      finishedAt: date(r.finished_at),
      durationMs: r.duration_ms,
      sizeBytes: r.size_bytes,
      errorSummary: r.error_summary,
    });
  }
  return out;
}

/** THE loader behind the status word: every list, the dashboard, the API, metrics and the scheduler use it. */
export function loadTargetStatuses(now: Date = new Date(), ids?: number[], db: DbOrTx = getDb()): Map<number, TargetStatusInfo> {
  const out = new Map<number, TargetStatusInfo>();
  if (ids && ids.length === 0) return out;
  const tRows = db.all<TargetRow>(newestRunsQuery(ids));
  if (tRows.length === 0) return out;

  const runIds = new Set<number>();
  for (const t of tRows) for (const id of [t.last_run_id, t.last_finished_id, t.last_success_id]) if (id != null) runIds.add(id);
  const runsById = loadRuns([...runIds], db);
  const run = (id: number | null) => (id == null ? null : (runsById.get(id) ?? null));

  const active = new Map<number, ActiveRunFacts>();
  for (const a of db.all<ActiveRow>(activeRunsQuery())) {
    if (active.has(a.target_id)) continue; // ordered running first, newest first
    active.set(a.target_id, { id: a.id, status: a.status, startedAt: date(a.started_at), bytesProcessed: a.bytes_processed, totalBytes: a.total_bytes });
  }

  const schedBy = new Map<number, Schedule[]>();
  for (const s of db.select().from(schedules).where(ids ? inArray(schedules.targetId, ids) : undefined).all()) {
    const list = schedBy.get(s.targetId);
    if (list) list.push(s);
    else schedBy.set(s.targetId, [s]);
  }

  for (const t of tRows) {
    const lastSuccess = run(t.last_success_id);
    const lastFinished = run(t.last_finished_id);
    const facts = {
      enabled: Boolean(t.enabled),
      active: active.has(t.id),
      lastFinishedStatus: lastFinished?.status ?? null,
      lastSuccessStartedAt: lastSuccess ? (lastSuccess.startedAt ?? lastSuccess.queuedAt) : null,
    };
    const sch = schedBy.get(t.id) ?? [];
    const e = evaluateTarget(facts, sch.map(statusSchedule), now);
    out.set(t.id, {
      status: e.status,
      overdue: e.overdue,
      overdueSince: e.overdue?.deadline ?? null,
      expectedAt: e.expectedAt,
      recordedOverdue: t.overdue_since == null ? null : { since: new Date(t.overdue_since), slot: date(t.overdue_slot) },
      lastSuccessStartedAt: facts.lastSuccessStartedAt,
      enabled: facts.enabled,
      schedules: sch,
      lastRun: run(t.last_run_id),
      lastFinished,
      lastSuccess,
      activeRun: active.get(t.id) ?? null,
      nextRunAt: e.nextRunAt,
    });
  }
  return out;
}

/** One target's status (for a detail page or an API response). */
export function loadTargetStatus(targetId: number, now: Date = new Date(), db: DbOrTx = getDb()): TargetStatusInfo | null {
  return loadTargetStatuses(now, [targetId], db).get(targetId) ?? null;
}
