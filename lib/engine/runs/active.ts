import { and, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { runs } from "../../db/schema";

/**
 * A queued or running run of the target (other than `exceptRunId`), if any: one backup per target
 * at a time. Call it inside the transaction that would start another, so the check holds.
 */
export function activeRunOf(tx: DbOrTx, targetId: number, exceptRunId?: number): { id: number } | undefined {
  return tx
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.targetId, targetId), inArray(runs.status, ["queued", "running"]), exceptRunId != null ? ne(runs.id, exceptRunId) : undefined))
    .get();
}
