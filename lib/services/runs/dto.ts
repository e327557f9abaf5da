import type { Run, RunKind, RunStatus, RunTrigger } from "../../db/schema";
import type { PitrBaseOfRun } from "../../engine/pitr/base-runs";
import { iso } from "../iso";

/** A run as the UI and the API see it (API field names of issue 7 are a subset). */
export interface RunDto {
  id: number;
  targetId: number;
  targetName: string;
  appId: number;
  appName: string;
  targetType: string;
  scheduleId: number | null;
  scheduledFor: string | null;
  status: RunStatus;
  trigger: RunTrigger;
  userEmail: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  artifactState: string;
  /** File name of the artifact (no directories), for display and Content-Disposition. */
  artifactName: string | null;
  error: string | null;
  bytesProcessed: number | null;
  totalBytes: number | null;
  pinned: boolean;
  pinnedUntil: string | null;
  verifiedAt: string | null;
  verifyStatus: string | null;
  verifyMessage: string | null;
  retryOfRunId: number | null;
  attempt: number;
  restoreId: number | null;
  /** A restic run's snapshot (issue 14); null for archive runs. */
  snapshot: Run["snapshot"];
  /** "backup", or "pitr-base": a point-in-time recovery base backup (issue 15). */
  kind: RunKind;
  /** getRun only, for a "pitr-base" run: its files and the WAL range a restore from it needs. */
  pitrBase?: PitrBaseOfRun | null;
}

export function toRunDto(
  r: Run,
  extra: { targetName: string; appId: number; appName: string; targetType: string; userEmail?: string | null },
): RunDto {
  return {
    id: r.id,
    targetId: r.targetId,
    targetName: extra.targetName,
    appId: extra.appId,
    appName: extra.appName,
    targetType: extra.targetType,
    scheduleId: r.scheduleId,
    scheduledFor: iso(r.scheduledFor),
    status: r.status,
    trigger: r.trigger,
    userEmail: extra.userEmail ?? null,
    queuedAt: r.queuedAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    durationMs: r.durationMs,
    exitCode: r.exitCode,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    artifactState: r.artifactState,
    artifactName: r.artifactPath ? r.artifactPath.split("/").pop()! : null,
    error: r.errorSummary,
    bytesProcessed: r.bytesProcessed,
    totalBytes: r.totalBytes,
    pinned: r.pinned,
    pinnedUntil: iso(r.pinnedUntil),
    verifiedAt: iso(r.verifiedAt),
    verifyStatus: r.verifyStatus,
    verifyMessage: r.verifyMessage,
    retryOfRunId: r.retryOfRunId,
    attempt: r.attempt,
    restoreId: r.restoreId,
    snapshot: r.snapshot ?? null,
    kind: r.kind,
  };
}
