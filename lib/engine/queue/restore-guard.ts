import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { apps, restores, targets, type RunTrigger } from "../../db/schema";
import { ConflictError } from "../../errors";
import { activePitrOverOriginal } from "../pitr/restore-task";

/**
 * Backups and restores of one target never overlap. The only backup allowed while a restore of its
 * target is queued or running is that restore's own safety backup (trigger "safety" carrying its id):
 * the restore waits for it before touching anything.
 */
export function assertNoActiveRestore(tx: DbOrTx, targetId: number, trigger: RunTrigger | undefined, restoreId: number | null | undefined): void {
  const active = tx
    .select({ id: restores.id, appName: apps.name, targetName: targets.name })
    .from(restores)
    .innerJoin(targets, eq(targets.id, restores.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(and(eq(restores.targetId, targetId), inArray(restores.status, ["queued", "running"])))
    .all();
  const blocking = active.find((r) => !(trigger === "safety" && restoreId === r.id));
  if (blocking) throw new ConflictError(`A restore of ${blocking.appName}/${blocking.targetName} is in progress`);
  // A point-in-time restore over the original: only its own safety backup (a safety run with no restores row).
  if (!(trigger === "safety" && restoreId == null) && activePitrOverOriginal(tx, targetId)) throw new ConflictError("A point-in-time restore of this target's database is in progress");
}
