import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import type { RunStatus, ScheduleKind } from "../../db/schema";
import { loadTargetStatuses } from "../../status/load-statuses";
import type { TargetStatus } from "../../status/target-status";
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
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/**
 * One row per target. The newest run and newest success are found per target by walking
 * runs_target_id backwards (ORDER BY id DESC LIMIT 1), never by aggregating the whole history.
 */
export function targetRowsQuery(appScope: number[] | null) {
  const scope = appScope ? sql`where t.app_id in (${sql.join([0, ...appScope].map((id) => sql`${id}`), sql`, `)})` : sql``;
  return sql`
    select t.id, t.name, t.type, t.enabled, a.id as app_id, a.name as app_name,
      (select r.id from runs r where r.target_id = t.id order by r.id desc limit 1) as last_run_id,
      (select r.id from runs r where r.target_id = t.id and r.status = 'success' order by r.id desc limit 1) as last_success_id
    from targets t join apps a on a.id = t.app_id ${scope}`;
}

export function loadTargetRows(now: Date, appScope: number[] | null, db: DbOrTx = getDb()): DashboardTargetRow[] {
  const rows = db.all<RawRow>(targetRowsQuery(appScope));
  if (rows.length === 0) return [];

  const runIds = [...new Set(rows.flatMap((r) => [r.last_run_id, r.last_success_id]).filter((id): id is number => id != null))];
  const runs = new Map<number, { id: number; status: RunStatus; queued_at: number; started_at: number | null; finished_at: number | null; error_summary: string | null; size_bytes: number | null }>();
  if (runIds.length) {
    const list = sql.join(runIds.map((id) => sql`${id}`), sql`, `);
    for (const r of db.all<{ id: number; status: RunStatus; queued_at: number; started_at: number | null; finished_at: number | null; error_summary: string | null; size_bytes: number | null }>(
      sql`select id, status, queued_at, started_at, finished_at, error_summary, size_bytes from runs where id in (${list})`,
    )) {
      runs.set(r.id, r);
    }
  }

  const statuses = loadTargetStatuses(now, rows.map((r) => r.id), db);
  const next = nextRunByTarget(now, db);

  return rows.map((t) => {
    const last = t.last_run_id != null ? runs.get(t.last_run_id) : undefined;
    const good = t.last_success_id != null ? runs.get(t.last_success_id) : undefined;
    return {
      targetId: t.id,
      targetName: t.name,
      targetType: t.type,
      appId: t.app_id,
      appName: t.app_name,
      status: statuses.get(t.id)?.status ?? "never",
      lastSuccessAt: good ? iso(good.finished_at ?? good.started_at ?? good.queued_at) : null,
      lastRun: last
        ? { id: last.id, status: last.status, at: iso(last.finished_at ?? last.started_at ?? last.queued_at)!, error: last.error_summary }
        : null,
      nextRunAt: t.enabled ? (next.get(t.id) ?? null) : null,
      artifactSizeBytes: good?.size_bytes ?? null,
    };
  });
}

/** The next slot of each target's enabled backup schedules, computed from the rule (not a cached column). */
function nextRunByTarget(now: Date, db: DbOrTx): Map<number, string> {
  const rows = db.all<{ target_id: number; kind: ScheduleKind; minute: number | null; hour: number | null; weekday: number | null; day_of_month: number | null; cron_expr: string | null; timezone: string }>(sql`
    select target_id, kind, minute, hour, weekday, day_of_month, cron_expr, timezone from schedules
    where enabled = 1 and purpose = 'backup' and kind != 'manual'`);
  const out = new Map<number, string>();
  for (const s of rows) {
    const at = nextSlot({ kind: s.kind, minute: s.minute, hour: s.hour, weekday: s.weekday, dayOfMonth: s.day_of_month, cronExpr: s.cron_expr, timezone: s.timezone }, now);
    if (!at) continue;
    const prev = out.get(s.target_id);
    if (!prev || at.toISOString() < prev) out.set(s.target_id, at.toISOString());
  }
  return out;
}
