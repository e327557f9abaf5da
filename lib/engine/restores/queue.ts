import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { restores } from "../../db/schema";
import { ConflictError } from "../../errors";
import { activeRunOf } from "../runs/active";
import { activePitrOverOriginal } from "../pitr/restore-task";

/**
 * Backups and restores of one target never overlap: a queued/running run or restore is a
 * ConflictError. Call inside the transaction that queues the restore.
 */
export function assertTargetIdle(tx: DbOrTx, targetId: number): void {
  const run = activeRunOf(tx, targetId);
  if (run) throw new ConflictError(`A backup of this target is going on (run #${run.id}); restore when it has finished`);
  const r = tx
    .select({ id: restores.id })
    .from(restores)
    .where(and(eq(restores.targetId, targetId), inArray(restores.status, ["queued", "running"])))
    .get();
  if (r) throw new ConflictError(`A restore of this target is already going on (restore #${r.id})`);
  const pitr = activePitrOverOriginal(tx, targetId);
  if (pitr) throw new ConflictError(`A point-in-time restore over this target's database is going on (#${pitr.id})`);
}

/**
 * Queue a test restore ("verify by restoring") of a run: restored into a scratch place that is
 * dropped afterwards. Nothing of the target is touched, but it still waits its turn behind a
 * backup or restore of the same target (they would compete for the same database server).
 * Call inside the transaction that writes its audit row.
 */
export function insertTestRestore(tx: DbOrTx, o: { runId: number; targetId: number; userId: number | null }, at: Date = new Date()): { id: number } {
  assertTargetIdle(tx, o.targetId);
  return tx
    .insert(restores)
    .values({
      runId: o.runId,
      targetId: o.targetId,
      kind: "test",
      destination: { mode: "scratch", label: "a scratch copy (dropped afterwards)" },
      status: "queued",
      userId: o.userId,
      queuedAt: at,
    })
    .returning({ id: restores.id })
    .get();
}
