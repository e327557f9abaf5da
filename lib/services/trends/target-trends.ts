import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";
import { NotFoundError } from "../../errors";
import { getSettings } from "../../settings/settings";
import { successPerDay, toTrendSeries, type DaySuccess, type RunPoint, type TrendSeries } from "./per-day";
import { countedTriggerSql } from "../../engine/status/counted-runs";

export const TREND_RANGES = [30, 90] as const;
export type TrendRange = (typeof TREND_RANGES)[number];

export interface TargetTrendsDto {
  targetId: number;
  timezone: string;
  ranges: Record<TrendRange, { series: TrendSeries; successPerDay: DaySuccess[]; runs: number }>;
}

const DAY = 86_400_000;

/**
 * The query the trends read (counted runs only: an upload's 0 ms and its foreign size are not a
 * backup's); exported so a test can check its plan uses runs_target_id.
 */
export function trendRunsQuery(targetId: number, since: number) {
  return sql`select id, queued_at, started_at, status, size_bytes, duration_ms from runs
    where target_id = ${targetId} and queued_at >= ${since}
      and status in ('success', 'partial', 'failed', 'interrupted') and ${countedTriggerSql()}
    order by id`;
}

export function loadTrendPoints(targetId: number, since: number, db: DbOrTx = getDb()): RunPoint[] {
  const rows = db.all<{ id: number; queued_at: number; started_at: number | null; status: string; size_bytes: number | null; duration_ms: number | null }>(
    trendRunsQuery(targetId, since),
  );
  return rows.map((r) => ({
    runId: r.id,
    at: r.started_at ?? r.queued_at,
    status: r.status,
    failed: r.status !== "success",
    sizeBytes: r.size_bytes,
    durationMs: r.duration_ms,
  }));
}

/** Size, duration and daily success rate of one target over 30 and 90 days, loaded in one query. */
export function getTargetTrends(actor: Actor, targetId: number, now: Date = new Date()): TargetTrendsDto {
  requirePermission(actor, "read");
  const db = getDb();
  const t = db.get<{ app_id: number }>(sql`select app_id from targets where id = ${targetId}`);
  const scope = actorAppScope(actor);
  if (!t || (scope && !scope.includes(t.app_id))) throw new NotFoundError("Target not found");
  const timezone = getSettings(db).defaultTimezone;
  const all = loadTrendPoints(targetId, now.getTime() - 90 * DAY, db);
  const range = (days: TrendRange) => {
    const since = now.getTime() - days * DAY;
    const pts = all.filter((p) => p.at >= since);
    return { series: toTrendSeries(pts, timezone), successPerDay: successPerDay(pts, timezone, days, now), runs: pts.length };
  };
  return { targetId, timezone, ranges: { 30: range(30), 90: range(90) } };
}
