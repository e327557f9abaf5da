import { and, desc, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";
import type { RunDto } from "../runs/dto";
import { rowToDto, selectRunRows } from "../runs/query";
import { countStatuses, sortWorstFirst, successRate, type StatusCounts, type SuccessRate } from "./health";
import { loadTargetRows, type DashboardTargetRow } from "./target-rows";
import { countedTriggerSql } from "../../engine/status/counted-runs";

export interface DashboardDto {
  generatedAt: string;
  counts: StatusCounts;
  /** Worst first. */
  rows: DashboardTargetRow[];
  successRate: { last24h: SuccessRate; last7d: SuccessRate };
  latestFailures: RunDto[];
}

const HOUR = 3_600_000;

/**
 * Finished counted runs (no uploads or safety backups) queued since `since`: successes and the rest. Conditional sums, not GROUP BY status:
 * with a GROUP BY, SQLite prefers walking all of runs_status (no sort) over the queued_at range.
 */
export function runsByStatusSinceQuery(since: Date, appScope: number[] | null) {
  const scope = appScope
    ? sql`and target_id in (select id from targets where app_id in (${sql.join([0, ...appScope].map((id) => sql`${id}`), sql`, `)}))`
    : sql``;
  return sql`select coalesce(sum(status = 'success'), 0) as success,
      coalesce(sum(status in ('partial', 'failed', 'interrupted')), 0) as unsuccessful
    from runs where queued_at >= ${since.getTime()} and ${countedTriggerSql()} ${scope}`;
}

function rateSince(since: Date, appScope: number[] | null): SuccessRate {
  const r = getDb().get<{ success: number; unsuccessful: number }>(runsByStatusSinceQuery(since, appScope));
  return successRate([
    { status: "success", n: r?.success ?? 0 },
    { status: "failed", n: r?.unsuccessful ?? 0 },
  ]);
}

/** Everything the dashboard draws, in a handful of indexed queries (see bench/dashboard.ts). */
export function getDashboard(actor: Actor, now: Date = new Date(), failuresLimit = 8): DashboardDto {
  requirePermission(actor, "read");
  const scope = actorAppScope(actor);
  const rows = sortWorstFirst(loadTargetRows(now, scope));
  const visible = new Set(rows.map((r) => r.targetId));
  // One query per status, each walking runs_status (status, id) backwards: the newest failures
  // without sorting the history (an IN list would make SQLite sort every failed run).
  const take = scope ? failuresLimit * 5 : failuresLimit;
  const failures = (["failed", "interrupted"] as const)
    .flatMap((status) =>
      selectRunRows()
        .where(and(eq(runs.status, status), countedTriggerSql(sql`${runs.trigger}`)))
        .orderBy(desc(runs.id))
        .limit(take)
        .all(),
    )
    .map(rowToDto)
    .filter((r) => visible.has(r.targetId))
    .sort((a, b) => b.id - a.id)
    .slice(0, failuresLimit);
  return {
    generatedAt: now.toISOString(),
    counts: countStatuses(rows),
    rows,
    successRate: {
      last24h: rateSince(new Date(now.getTime() - 24 * HOUR), scope),
      last7d: rateSince(new Date(now.getTime() - 7 * 24 * HOUR), scope),
    },
    latestFailures: failures,
  };
}
