import { and, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { runs, type Run, type RunStatus } from "../../db/schema";
import { recordEvent } from "../events";
import { refreshTargetStatus } from "../status/stored";

/** Claim a queued run for execution (atomic: only one claimer wins). */
export function markRunning(runId: number, at: Date, logPath: string, db: DbOrTx = getDb()): boolean {
  const res = db
    .update(runs)
    .set({ status: "running", startedAt: at, logPath, bytesProcessed: 0 })
    .where(and(eq(runs.id, runId), eq(runs.status, "queued")))
    .returning({ targetId: runs.targetId })
    .all();
  if (res.length === 1) refreshTargetStatus(res[0]!.targetId, db);
  return res.length === 1;
}

/** Progress figures while a run goes (the caller throttles). */
export function saveProgress(runId: number, bytesProcessed: number, totalBytes: number | null, db: DbOrTx = getDb()): void {
  db.update(runs).set({ bytesProcessed, totalBytes }).where(eq(runs.id, runId)).run();
}

export interface RunEnd {
  status: Exclude<RunStatus, "queued" | "running">;
  finishedAt: Date;
  exitCode?: number | null;
  errorSummary?: string | null;
  logPath?: string | null;
  /** No run.failed event: the failure is alerted elsewhere (a server unreachable: once per server). */
  quiet?: boolean;
  artifact?: {
    /** The storage location and the key there; storageRoot is its folder when local (shown, never opened). */
    storageId?: number | null;
    storageRoot: string | null;
    artifactPath: string;
    sizeBytes: number;
    sha256: string;
    manifest: Record<string, unknown>;
  } | null;
  /**
   * A restic run's snapshot (issue 14) in its location's repository. sizeBytes is the data the run
   * ADDED to the repository (after dedup): what charts and the forecast count for such runs.
   */
  snapshot?: { storageId: number; storageRoot: string | null; summary: NonNullable<Run["snapshot"]> } | null;
  bytesProcessed?: number | null;
  totalBytes?: number | null;
}

/**
 * End a run: the run row and the run.failed / run.partial event, in one transaction (an alert
 * exists exactly when the failure does). What the views say about the target is read from the
 * runs by lib/engine/status/load-statuses.ts.
 */
export function finishRun(runId: number, end: RunEnd, db: DbOrTx = getDb()): Run {
  return db.transaction((tx) => {
    const before = tx.select().from(runs).where(eq(runs.id, runId)).get();
    if (!before) throw new Error(`run ${runId} vanished`);
    const started = before.startedAt ?? before.queuedAt;
    tx.update(runs)
      .set({
        status: end.status,
        finishedAt: end.finishedAt,
        durationMs: before.startedAt ? Math.max(0, end.finishedAt.getTime() - started.getTime()) : null,
        exitCode: end.exitCode ?? null,
        errorSummary: end.errorSummary ?? null,
        ...(end.logPath !== undefined ? { logPath: end.logPath } : {}),
        ...(end.artifact
          ? {
              storageId: end.artifact.storageId ?? null,
              storageRoot: end.artifact.storageRoot,
              artifactPath: end.artifact.artifactPath,
              sizeBytes: end.artifact.sizeBytes,
              sha256: end.artifact.sha256,
              manifest: end.artifact.manifest,
              artifactState: "present",
            }
          : {}),
        ...(end.snapshot
          ? {
              storageId: end.snapshot.storageId,
              storageRoot: end.snapshot.storageRoot,
              snapshot: end.snapshot.summary,
              sizeBytes: end.snapshot.summary.dataAddedBytes,
              artifactState: "snapshot",
            }
          : {}),
        ...(end.bytesProcessed != null ? { bytesProcessed: end.bytesProcessed } : {}),
        ...(end.totalBytes !== undefined ? { totalBytes: end.totalBytes } : {}),
      })
      .where(eq(runs.id, runId))
      .run();
    const run = tx.select().from(runs).where(eq(runs.id, runId)).get()!;
    refreshTargetStatus(run.targetId, tx);
    if ((run.status === "failed" || run.status === "interrupted" || run.status === "partial") && !end.quiet) {
      recordEvent(tx, {
        type: run.status === "partial" ? "run.partial" : "run.failed",
        targetId: run.targetId,
        runId: run.id,
        at: end.finishedAt,
        payload: { status: run.status, error: run.errorSummary, trigger: run.trigger },
      });
    }
    return run;
  });
}

/** End a run that never started (cancelled while queued); false when it is no longer queued. */
export function cancelQueuedRun(runId: number, reason: string, at: Date): boolean {
  return getDb().transaction(
    (tx) => {
      const r = tx.select({ status: runs.status }).from(runs).where(eq(runs.id, runId)).get();
      if (r?.status !== "queued") return false;
      finishRun(runId, { status: "cancelled", finishedAt: at, errorSummary: reason }, tx);
      return true;
    },
    { behavior: "immediate" },
  );
}
