import { TARGET_STATUSES, type TargetStatus } from "../../engine/status/target-status";

/** Worst first: what needs a human comes first, healthy targets last. */
export const STATUS_ORDER: Record<TargetStatus, number> = {
  failed: 0,
  overdue: 1,
  never: 2,
  running: 3,
  paused: 4,
  ok: 5,
};

export type StatusCounts = Record<TargetStatus, number> & { total: number };

export function countStatuses(rows: { status: TargetStatus }[]): StatusCounts {
  const counts = Object.fromEntries(TARGET_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of rows) counts[r.status]++;
  counts.total = rows.length;
  return counts;
}

export function sortWorstFirst<T extends { status: TargetStatus; appName: string; targetName: string }>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      a.appName.localeCompare(b.appName) ||
      a.targetName.localeCompare(b.targetName),
  );
}

export interface SuccessRate {
  success: number;
  /** Finished runs that did not succeed (failed, partial, interrupted). */
  unsuccessful: number;
  /** success / finished, 0..1; null when nothing finished in the window. */
  rate: number | null;
}

const FINISHED = new Set(["success", "partial", "failed", "interrupted"]);

/** Cancelled, queued and running runs do not count: they neither succeeded nor failed. */
export function successRate(byStatus: { status: string; n: number }[]): SuccessRate {
  let success = 0;
  let unsuccessful = 0;
  for (const { status, n } of byStatus) {
    if (!FINISHED.has(status)) continue;
    if (status === "success") success += n;
    else unsuccessful += n;
  }
  const total = success + unsuccessful;
  return { success, unsuccessful, rate: total === 0 ? null : success / total };
}
