import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { targets } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { actorSeesApp, requirePermission, type Actor } from "../../auth/actor";
import { loadTargetDto } from "./row-query";

/**
 * Delete a target with its schedules and run history (cascade). Artifacts on disk stay: removing
 * backups is a separate, deliberate act.
 */
export function deleteTarget(actor: Actor, id: number): void {
  requirePermission(actor, "manage");
  getDb().transaction((tx) => {
    const before = loadTargetDto(tx, id);
    if (!before || !actorSeesApp(actor, before.appId)) throw new NotFoundError(`Target ${id} not found`);
    tx.delete(targets).where(eq(targets.id, id)).run();
    writeAudit(tx, actor, { action: "target.delete", entityType: "target", entityId: id, before });
  });
}
