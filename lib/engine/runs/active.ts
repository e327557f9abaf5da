import { and, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { runs } from "../../db/schema";

/**
 * A queued or running run of the target (other than `exceptRunId`), if any: one backup per target
 * at a time. Call it inside the transaction that would start another, so the check holds. A PITR
 * base backup's run (kind "pitr-base") is not one: its task takes turns with backups and restores
 * in the queue, and a backup or restore asked for meanwhile queues behind it instead of a 409.
 */
export function activeRunOf(tx: DbOrTx, targetId: number, exceptRunId?: number): { id: number } | undefined {
  return tx
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.targetId, targetId), inArray(runs.status, ["queued", "running"]), ne(runs.kind, "pitr-base"), exceptRunId != null ? ne(runs.id, exceptRunId) : undefined))
    .get();
}
