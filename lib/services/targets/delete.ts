import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { targets } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { actorSeesApp, requirePermission, type Actor } from "../../auth/actor";
import { loadTargetDto } from "./row-query";
import { artifactFacts, finishRemoval, prepareRemoval, type DeleteOptions, type DeleteOutcome } from "./removal";

/**
 * Delete a target with its schedules and run history (cascade). Refused (409) while one of its
 * backups or restores is queued or running. Its backup files are deleted only when asked; kept
 * ones are listed on /storage as "not belonging to any target" and stay in the storage totals.
 */
export function deleteTarget(actor: Actor, id: number, opts: DeleteOptions = {}, now: Date = new Date()): DeleteOutcome {
  requirePermission(actor, "manage");
  const prepared = getDb().transaction(
    (tx) => {
      const before = loadTargetDto(tx, id);
      // A token limited to some apps sees the others' targets as absent.
      if (!before || !actorSeesApp(actor, before.appId)) throw new NotFoundError(`Target ${id} not found`);
      const p = prepareRemoval(tx, [id], `${before.appName}/${before.name}`, now);
      tx.delete(targets).where(eq(targets.id, id)).run();
      writeAudit(tx, actor, { action: "target.delete", entityType: "target", entityId: id, before, after: { deleteArtifacts: !!opts.deleteArtifacts, ...artifactFacts(p.orphans) } }, now);
      return p;
    },
    // Taken before the check, so no run can be queued between the check and the delete.
    { behavior: "immediate" },
  );
  return finishRemoval(actor, prepared, opts, now);
}
