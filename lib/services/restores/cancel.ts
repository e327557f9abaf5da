import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { restores, runs } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { actorLabel, requirePermission, type Actor } from "../../auth/actor";
import { ConflictError } from "../../errors";
import { cancelRestore, restoreSettled } from "../../engine/restore/execute";
import { cancelRun } from "../runs/cancel";
import { getRestore } from "./query";
import type { RestoreDto } from "./dto";

/**
 * Cancel a queued or running restore or test restore (operator+), audited as restore.cancel. A
 * running one is aborted — its tools are killed with their process group, so a `pg_restore
 * --single-transaction` rolls back — and its safety backup, if that is what runs, is cancelled
 * too. Waits up to `waitMs` for it to record `cancelled`; returns the restore as it is then.
 */
export async function cancelRestoreService(actor: Actor, id: number, waitMs = 30_000): Promise<RestoreDto> {
  requirePermission(actor, "restore.execute");
  const before = getRestore(actor, id);
  if (before.status !== "queued" && before.status !== "running") throw new ConflictError(`Restore ${id} has already ended (${before.status})`);
  getDb().transaction((tx) => {
    writeAudit(tx, actor, { action: "restore.cancel", entityType: "restore", entityId: id, before: { status: before.status } });
  });
  const by = actorLabel(actor);
  if (cancelRestore(id, by)) {
    // Read after the abort: the safety run is linked synchronously when it is queued.
    const safety = getDb().select({ id: runs.id, status: runs.status }).from(runs).where(and(eq(runs.restoreId, id), inArray(runs.status, ["queued", "running"]))).get();
    if (safety) {
      try {
        cancelRun(actor, safety.id);
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e; // it ended meanwhile
      }
    }
    await restoreSettled(id, waitMs);
    return getRestore(actor, id);
  }
  // Not going on in this process: a queued row nobody picked up ends here; a running one
  // belongs to another console process, which alone can kill its tools.
  const changed = getDb()
    .update(restores)
    .set({ status: "cancelled", finishedAt: new Date(), errorSummary: `Cancelled by ${by}. Nothing was changed.` })
    .where(and(eq(restores.id, id), eq(restores.status, "queued")))
    .run().changes;
  if (!changed) throw new ConflictError(`Restore ${id} is running in another Lifeboat process; cancel it there`);
  return getRestore(actor, id);
}
