import { and, gte, inArray, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../../db/client";
import { storageSamples } from "../../../db/schema";
import { slopePerDay } from "./forecast";
import { countedTriggerSql } from "../../status/counted-runs";

const DAY = 86_400_000;
export const GROWTH_WINDOW_DAYS = 14;

export interface ObservedRuns {
  runsPerDay: number;
  avgBytes: number;
}

/**
 * What each target added over the last 14 days: artifacts per day and their average size. The
 * window starts at the target's first run in it, so a target created two days ago with two daily
 * runs counts 1/day, not 2/14. Only artifacts Lifeboat stored count (present, or since pruned or deleted): an
 * externally reported run's file lives wherever the team's script put it. Only counted runs: an
 * upload or a safety backup is a one-off, not the rate at which backups arrive.
 */
export const observedRunsQuery = (since: number) => sql`
    select target_id, count(*) as n, avg(size_bytes) as avg_bytes, min(queued_at) as first_at
    from runs indexed by runs_queued_at
    where queued_at >= ${since} and status in ('success', 'partial') and size_bytes is not null
      and artifact_state in ('present', 'pruned', 'deleted') and ${countedTriggerSql()}
    group by target_id`;

export function observedRunsByTarget(now: Date, db: DbOrTx = getDb()): Map<number, ObservedRuns> {
  const since = now.getTime() - GROWTH_WINDOW_DAYS * DAY;
  // INDEXED BY: without statistics (no ANALYZE) SQLite walks runs_status or runs_target_id, i.e.
  // every run, to avoid sorting for the GROUP BY; the 14-day range is a small fraction of the history.
  const rows = db.all<{ target_id: number; n: number; avg_bytes: number; first_at: number }>(observedRunsQuery(since));
  const out = new Map<number, ObservedRuns>();
  for (const r of rows) {
    const spanDays = Math.min(GROWTH_WINDOW_DAYS, Math.max(1, (now.getTime() - r.first_at) / DAY));
    out.set(r.target_id, { runsPerDay: r.n / spanDays, avgBytes: r.avg_bytes });
  }
  return out;
}

/**
 * Growth on a volume that is not Lifeboat's artifacts (other files, the live data itself), from
 * the daily samples: slope of the disk's used bytes minus slope of our artifacts' bytes. Null
 * while the samples are too thin to tell (under two samples a day apart).
 */
export function otherGrowthPerDay(roots: string[], now: Date, db: DbOrTx = getDb()): number | null {
  const since = new Date(now.getTime() - GROWTH_WINDOW_DAYS * DAY);
  if (roots.length === 0) return null;
  const rows = db
    .select()
    .from(storageSamples)
    .where(and(inArray(storageSamples.storageRoot, roots), gte(storageSamples.at, since)))
    .all();
  if (rows.length < 2) return null;
  // One point per sampling moment (all roots are sampled together): disk used, and our share summed.
  const byAt = new Map<number, { disk: number; ours: number }>();
  for (const s of rows) {
    const k = Math.round(s.at.getTime() / 60_000);
    const p = byAt.get(k) ?? { disk: s.totalBytes - s.freeBytes, ours: 0 };
    p.ours += s.usedBytes;
    byAt.set(k, p);
  }
  const pts = [...byAt.entries()].sort((a, b) => a[0] - b[0]);
  const disk = slopePerDay(pts.map(([k, p]) => ({ at: k * 60_000, value: p.disk })));
  const ours = slopePerDay(pts.map(([k, p]) => ({ at: k * 60_000, value: p.ours })));
  if (disk === null || ours === null) return null;
  return Math.max(0, disk - ours);
}
