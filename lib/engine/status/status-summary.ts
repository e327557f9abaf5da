import type { RunStatus } from "../../db/schema";
import type { TargetStatusInfo, RunFacts, ActiveRunFacts } from "./load-statuses";
import type { TargetStatus } from "./target-status";

export interface ActiveRunDto {
  id: number;
  status: "queued" | "running";
  startedAt: string | null;
  bytesProcessed: number | null;
  totalBytes: number | null;
}

/**
 * The words every view shows about a target (targets list, target page, dashboard, schedules,
 * API list and detail, CLI, metrics), taken from one TargetStatusInfo so they cannot disagree.
 * Times are when a run *started*: a backup holds the data as of its start, the overdue rule
 * compares starts with slots, and a running run has no end yet.
 */
export interface TargetStatusSummary {
  status: TargetStatus;
  /** slot + grace of the missed expected slot, while overdue. */
  overdueSince: string | null;
  /** The expected slot while overdue, else the earliest expected one. */
  expectedAt: string | null;
  nextRunAt: string | null;
  /** The newest counted run (any status, a running one too). */
  lastRunId: number | null;
  lastRunStatus: RunStatus | null;
  lastRunAt: string | null;
  /** Start of the newest counted successful run. */
  lastSuccessAt: string | null;
  /** Artifact size of the newest counted successful run. */
  lastSizeBytes: number | null;
  /** Duration and error of the newest finished counted run. */
  lastDurationMs: number | null;
  lastError: string | null;
  activeRun: ActiveRunDto | null;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
export const runStartedAt = (r: Pick<RunFacts, "startedAt" | "queuedAt">): Date => r.startedAt ?? r.queuedAt;

function activeRunDto(r: ActiveRunFacts | null): ActiveRunDto | null {
  if (!r) return null;
  return { id: r.id, status: r.status, startedAt: iso(r.startedAt), bytesProcessed: r.bytesProcessed, totalBytes: r.totalBytes };
}

export function statusSummary(info: TargetStatusInfo | null | undefined): TargetStatusSummary {
  const last = info?.lastRun ?? null;
  const finished = info?.lastFinished ?? null;
  const success = info?.lastSuccess ?? null;
  return {
    status: info?.status ?? "never",
    overdueSince: iso(info?.overdueSince),
    expectedAt: iso(info?.expectedAt),
    nextRunAt: iso(info?.nextRunAt),
    lastRunId: last?.id ?? null,
    lastRunStatus: last?.status ?? null,
    lastRunAt: last ? iso(runStartedAt(last)) : null,
    lastSuccessAt: success ? iso(runStartedAt(success)) : null,
    lastSizeBytes: success?.sizeBytes ?? null,
    lastDurationMs: finished?.durationMs ?? null,
    lastError: finished && finished.status !== "success" ? finished.errorSummary : null,
    activeRun: activeRunDto(info?.activeRun ?? null),
  };
}
