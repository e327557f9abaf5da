import type { Restore, RestoreStatus } from "../../db/schema";
import { iso } from "../iso";

/** A restore as the UI and the API see it. */
export interface RestoreDto {
  id: number;
  runId: number;
  targetId: number;
  targetName: string;
  targetType: string;
  appName: string;
  kind: "restore" | "test";
  /** Destination as stored (no secrets). */
  destination: Record<string, unknown>;
  destinationLabel: string;
  status: RestoreStatus;
  safetyRunId: number | null;
  safetyOverride: boolean;
  userEmail: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
}

export function toRestoreDto(
  r: Restore,
  extra: { targetName: string; targetType: string; appName: string; userEmail: string | null },
): RestoreDto {
  const d = r.destination as Record<string, unknown>;
  return {
    id: r.id,
    runId: r.runId,
    targetId: r.targetId,
    targetName: extra.targetName,
    targetType: extra.targetType,
    appName: extra.appName,
    kind: r.kind,
    destination: d,
    destinationLabel: typeof d.label === "string" ? d.label : String(d.mode ?? ""),
    status: r.status,
    safetyRunId: r.safetyRunId,
    safetyOverride: r.safetyOverride,
    userEmail: extra.userEmail,
    queuedAt: r.queuedAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    durationMs: r.durationMs,
    error: r.errorSummary,
  };
}
