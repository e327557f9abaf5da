import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import type { RunStatus } from "../../db/schema";
import { loadTargetStatuses, type TargetStatusInfo } from "./load-statuses";
import { statusSummary } from "./status-summary";

/** What "Last run" says on a schedule row (UI and GET /api/v1/schedules: lastRunAt, lastRunStatus). */
export interface ScheduleLastRun {
  /** A backup run (/runs/<id>) or, for a test-restore schedule, a test restore (/restores/<id>). */
  kind: "run" | "restore";
  id: number;
  status: RunStatus;
  /** ISO start time (queue time until it starts). */
  at: string;
}

export interface ScheduleRef {
  id: number;
  targetId: number;
  purpose: "backup" | "test_restore";
}

/**
 * "Last run" of each schedule, decided by the status loader: a backup schedule shows its target's
 * newest counted run whoever started it (the scheduler, Back up now, an API report, a retry) —
 * the same run the target's row, the dashboard and the API show; a test-restore schedule shows the
 * target's newest test restore. Pass the statuses when the caller already loaded them.
 */
export function scheduleLastRuns(
  list: ScheduleRef[],
  now: Date = new Date(),
  statuses?: Map<number, TargetStatusInfo>,
  db: DbOrTx = getDb(),
): Map<number, ScheduleLastRun | null> {
  const out = new Map<number, ScheduleLastRun | null>();
  if (list.length === 0) return out;
  const targetIds = [...new Set(list.map((s) => s.targetId))];
  const infos = statuses ?? loadTargetStatuses(now, targetIds, db);
  const tests = list.some((s) => s.purpose === "test_restore") ? newestTestRestores(targetIds, db) : new Map<number, ScheduleLastRun>();
  for (const s of list) {
    if (s.purpose === "test_restore") {
      out.set(s.id, tests.get(s.targetId) ?? null);
      continue;
    }
    const w = statusSummary(infos.get(s.targetId));
    out.set(s.id, w.lastRunId && w.lastRunStatus && w.lastRunAt ? { kind: "run", id: w.lastRunId, status: w.lastRunStatus, at: w.lastRunAt } : null);
  }
  return out;
}

function newestTestRestores(targetIds: number[], db: DbOrTx): Map<number, ScheduleLastRun> {
  const ids = sql.join(targetIds.map((id) => sql`${id}`), sql`, `);
  // restores_target (target_id, id): one short walk per target.
  const rows = db.all<{ id: number; target_id: number; status: RunStatus; at: number }>(sql`
    select r.id, r.target_id, r.status, coalesce(r.started_at, r.queued_at) as at from restores r
    where r.id in (select max(id) from restores where kind = 'test' and target_id in (${ids}) group by target_id)`);
  return new Map(rows.map((r) => [r.target_id, { kind: "restore", id: r.id, status: r.status, at: new Date(r.at).toISOString() }]));
}
