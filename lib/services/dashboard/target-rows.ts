import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import type { RunStatus, Schedule } from "../../db/schema";
import { targetStatus, type TargetStatus } from "../../status/target-status";
import { nextSlot } from "../../scheduler/slots";

export interface DashboardTargetRow {
  targetId: number;
  targetName: string;
  targetType: string;
  appId: number;
  appName: string;
  status: TargetStatus;
  lastSuccessAt: string | null;
  lastRun: { id: number; status: RunStatus; at: string; error: string | null } | null;
  nextRunAt: string | null;
  /** Size of the newest successful artifact. */
  artifactSizeBytes: number | null;
}

interface RawRow {
  id: number;
  name: string;
  type: string;
  enabled: number;
  app_id: number;
  app_name: string;
  last_run_id: number | null;
  last_success_id: number | null;
  last_finished_status: RunStatus | null;
}

interface RunBits {
  id: number;
  status: RunStatus;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
  error_summary: string | null;
  size_bytes: number | null;
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
const idList = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

/**
 * One row per target with what its status needs. Each subquery walks runs_target_id backwards and
 * stops at the first match (ORDER BY id DESC LIMIT 1): cost grows with targets, not with history.
 * (An aggregate over all runs per target costs ~100 ms at 100k runs; see bench/dashboard.ts.)
 */
export function targetRowsQuery(appScope: number[] | null) {
  const scope = appScope ? sql`where t.app_id in (${idList([0, ...appScope])})` : sql``;
  return sql`
    select t.id, t.name, t.type, t.enabled, a.id as app_id, a.name as app_name,
      (select r.id from runs r where r.target_id = t.id order by r.id desc limit 1) as last_run_id,
      (select r.id from runs r where r.target_id = t.id and r.status = 'success' order by r.id desc limit 1) as last_success_id,
      (select r.status from runs r where r.target_id = t.id
         and r.status in ('success', 'partial', 'failed', 'interrupted') order by r.id desc limit 1) as last_finished_status
    from targets t join apps a on a.id = t.app_id ${scope}`;
}

/** Targets with a queued or running run (a short range of runs_status). */
export const activeTargetsQuery = () => sql`select distinct target_id from runs where status in ('queued', 'running')`;

export function loadTargetRows(now: Date, appScope: number[] | null, db: DbOrTx = getDb()): DashboardTargetRow[] {
  const rows = db.all<RawRow>(targetRowsQuery(appScope));
  if (rows.length === 0) return [];

  const runIds = [...new Set(rows.flatMap((r) => [r.last_run_id, r.last_success_id]).filter((id): id is number => id != null))];
  const runs = new Map<number, RunBits>();
  if (runIds.length) {
    for (const r of db.all<RunBits>(
      sql`select id, status, queued_at, started_at, finished_at, error_summary, size_bytes from runs where id in (${idList(runIds)})`,
    )) {
      runs.set(r.id, r);
    }
  }
  const active = new Set(db.all<{ target_id: number }>(activeTargetsQuery()).map((r) => r.target_id));
  const schedulesOf = new Map<number, Schedule[]>();
  for (const s of db.query.schedules.findMany().sync()) {
    schedulesOf.set(s.targetId, [...(schedulesOf.get(s.targetId) ?? []), s]);
  }
  const next = memoNextSlot(now);

  return rows.map((t) => {
    const last = t.last_run_id != null ? runs.get(t.last_run_id) : undefined;
    const good = t.last_success_id != null ? runs.get(t.last_success_id) : undefined;
    const sch = schedulesOf.get(t.id) ?? [];
    // The status word comes from lib/status (one definition everywhere); only the loading is ours.
    const status = targetStatus(
      {
        enabled: Boolean(t.enabled),
        active: active.has(t.id),
        lastFinishedStatus: t.last_finished_status,
        lastSuccessStartedAt: good ? new Date(good.started_at ?? good.queued_at) : null,
      },
      sch,
      now,
    );
    const upcoming = t.enabled
      ? sch
          .filter((s) => s.enabled && s.purpose === "backup" && s.kind !== "manual")
          .map(next)
          .filter((d): d is string => d !== null)
          .sort()[0]
      : undefined;
    return {
      targetId: t.id,
      targetName: t.name,
      targetType: t.type,
      appId: t.app_id,
      appName: t.app_name,
      status,
      lastSuccessAt: good ? iso(good.finished_at ?? good.started_at ?? good.queued_at) : null,
      lastRun: last
        ? { id: last.id, status: last.status, at: iso(last.finished_at ?? last.started_at ?? last.queued_at)!, error: last.error_summary }
        : null,
      nextRunAt: upcoming ?? null,
      artifactSizeBytes: good?.size_bytes ?? null,
    };
  });
}

/** Many targets share a rule ("daily 02:00"): compute each distinct rule's next slot once per call. */
function memoNextSlot(now: Date): (s: Schedule) => string | null {
  const memo = new Map<string, string | null>();
  return (s) => {
    const key = [s.kind, s.minute, s.hour, s.weekday, s.dayOfMonth, s.cronExpr, s.timezone].join("|");
    if (!memo.has(key)) memo.set(key, nextSlot(s, now)?.toISOString() ?? null);
    return memo.get(key)!;
  };
}
