import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { actorLabel, requirePermission, type Actor } from "../../auth/actor";
import { ConflictError } from "../../errors";
import { cancelRestore } from "../../engine/restores/submit";
import { restoreSettled } from "../../engine/restores/wait";
import { cancelRun } from "../runs/cancel";
import { getRestore } from "./query";
import { cancelTask } from "../../engine/queue/cancel";
import { PITR_RESTORE_KIND } from "../../engine/pitr/restore-task";
import { pitrTaskOfRestore } from "../../engine/pitr/test-restore-row";
import type { RestoreDto } from "./dto";

/**
 * Cancel a queued or running restore or test restore (operator+), audited as restore.cancel. A
 * queued one ends at once; a running one is aborted — its tools are killed with their process
 * group, so a `pg_restore --single-transaction` rolls back — by this process or, through a cancel
 * request, by the console process that runs it; its safety backup, if that is what runs, is
 * cancelled too. Waits up to `waitMs` for it to record `cancelled`; returns the restore as it is then.
 */
export async function cancelRestoreService(actor: Actor, id: number, waitMs = 30_000): Promise<RestoreDto> {
  requirePermission(actor, "restore.execute");
  const before = getRestore(actor, id);
  if (before.status !== "queued" && before.status !== "running") throw new ConflictError(`Restore ${id} has already ended (${before.status})`);
  getDb().transaction((tx) => {
    writeAudit(tx, actor, { action: "restore.cancel", entityType: "restore", entityId: id, before: { status: before.status } });
  });
  // A PITR test restore's row stands for its pitr-restore task: cancel that.
  const pitrTask = pitrTaskOfRestore(before.destination);
  if (pitrTask != null) {
    cancelTask(PITR_RESTORE_KIND, pitrTask, `Cancelled by ${actorLabel(actor)}`);
    await restoreSettled(id, waitMs);
    return getRestore(actor, id);
  }
  const outcome = cancelRestore(id, `Cancelled by ${actorLabel(actor)}`);
  if (outcome === "ended") throw new ConflictError(`Restore ${id} has already ended`);
  if (outcome !== "cancelled") {
    // Read after the abort: the safety run is linked synchronously when it is queued.
    const safety = getDb().select({ id: runs.id }).from(runs).where(and(eq(runs.restoreId, id), inArray(runs.status, ["queued", "running"]))).get();
    if (safety) {
      try {
        cancelRun(actor, safety.id);
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e; // it ended meanwhile
      }
    }
    await restoreSettled(id, waitMs);
  }
  return getRestore(actor, id);
}
