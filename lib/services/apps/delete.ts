import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { assertAllApps, requirePermission, type Actor } from "../../auth/actor";
import { toAppDto } from "./dto";

/**
 * Delete an app with its targets (and, by cascade, their schedules and run history).
 * Artifacts on disk are left alone: deleting backups is a decision of its own.
 */
export function deleteApp(actor: Actor, id: number): void {
  requirePermission(actor, "manage");
  assertAllApps(actor, "delete apps");
  getDb().transaction((tx) => {
    const before = tx.select().from(apps).where(eq(apps.id, id)).get();
    if (!before) throw new NotFoundError(`App ${id} not found`);
    const gone = tx.select({ id: targets.id, name: targets.name }).from(targets).where(eq(targets.appId, id)).all();
    tx.delete(apps).where(eq(apps.id, id)).run();
    writeAudit(tx, actor, {
      action: "app.delete",
      entityType: "app",
      entityId: id,
      before: { ...toAppDto(before, gone.length), targets: gone },
    });
  });
}

