import { and, desc, eq, isNotNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { restores, runs, type RestoreStatus } from "../../db/schema";
import { pitrBaseBackups } from "../../db/schema-pitr";
import { planPitrRestore } from "./restore-plan";
import { listBaseBackups } from "./base-rows";
import { listWal } from "./wal-store";

/**
 * A scheduled PITR test restore is recorded like any other test restore: a `restores` row (kind
 * "test") on the base backup run it starts from, so /restores lists it with its outcome and log.
 * The pitr-restore task does the work; the row is written when the task starts — running, never
 * queued, so the test-restore kind never picks it up — and `destination.pitrTask` names the task
 * (cancelling the row cancels the task).
 */

export interface PitrTestRestoreRow {
  id: number;
}

/** The base backup run a restore to `targetTime` starts from; when no plan is possible, the newest base backup run (the row still records the failure). */
function baseRunFor(targetId: number, targetTime: Date): number | null {
  try {
    const plan = planPitrRestore(targetTime, listBaseBackups(targetId), listWal(targetId));
    if (plan.backup.runId != null) return plan.backup.runId;
  } catch {
    /* recorded by the task's own failure */
  }
  return (
    getDb()
      .select({ runId: pitrBaseBackups.runId })
      .from(pitrBaseBackups)
      .where(and(eq(pitrBaseBackups.targetId, targetId), isNotNull(pitrBaseBackups.runId)))
      .orderBy(desc(pitrBaseBackups.id))
      .get()?.runId ?? null
  );
}

export function openPitrTestRestoreRow(o: { taskId: number; targetId: number; targetTime: string; database: string; queuedAt: Date; at: Date; logPath: string }): number | null {
  const runId = baseRunFor(o.targetId, new Date(o.targetTime));
  if (runId == null) return null;
  return getDb()
    .insert(restores)
    .values({
      runId,
      targetId: o.targetId,
      kind: "test",
      destination: { mode: "scratch", label: `point in time ${o.targetTime} (PITR test: scratch database "${o.database}", dropped afterwards)`, pitrTask: o.taskId, targetTime: o.targetTime },
      status: "running",
      queuedAt: o.queuedAt,
      startedAt: o.at,
      logPath: o.logPath,
    })
    .returning({ id: restores.id })
    .get().id;
}

/** The outcome; a success or failure is also the base backup run's verification, like a test restore of any run. */
export function finishPitrTestRestoreRow(id: number, status: Extract<RestoreStatus, "success" | "failed" | "cancelled">, error: string | null, at: Date, checked: string | null): void {
  getDb().transaction((tx) => {
    const row = tx.select({ startedAt: restores.startedAt, runId: restores.runId }).from(restores).where(eq(restores.id, id)).get();
    if (!row) return;
    tx.update(restores)
      .set({ status, errorSummary: error, finishedAt: at, durationMs: row.startedAt ? at.getTime() - row.startedAt.getTime() : null })
      .where(and(eq(restores.id, id), eq(restores.status, "running")))
      .run();
    if (status === "cancelled") return;
    tx.update(runs)
      .set({
        verifiedAt: at,
        verifyStatus: status === "failed" ? "restore-failed" : "restore-verified",
        verifyMessage: status === "failed" ? `Point-in-time test restore #${id} failed: ${error}` : `restore-verified at ${at.toISOString()}: ${checked ?? "point-in-time restore"}`,
      })
      .where(eq(runs.id, row.runId))
      .run();
  });
}

/** The pitr-restore task a restores row stands for (null for every other restore). */
export function pitrTaskOfRestore(destination: Record<string, unknown>): number | null {
  return typeof destination.pitrTask === "number" ? destination.pitrTask : null;
}
