import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { assertAllApps, requirePermission, type Actor } from "../../auth/actor";
import { artifactFacts, finishRemoval, prepareRemoval, type DeleteOptions, type DeleteOutcome } from "../targets/removal";
import { toAppDto } from "./dto";

/**
 * Delete an app with its targets (and, by cascade, their schedules and run history), like
 * deleteTarget for each: refused (409) while a backup or restore of one of them goes on; backup
 * files deleted only when asked, else listed on /storage as not belonging to any target.
 */
export function deleteApp(actor: Actor, id: number, opts: DeleteOptions = {}, now: Date = new Date()): DeleteOutcome {
  requirePermission(actor, "manage");
  assertAllApps(actor, "delete apps");
  const prepared = getDb().transaction(
    (tx) => {
      const before = tx.select().from(apps).where(eq(apps.id, id)).get();
      if (!before) throw new NotFoundError(`App ${id} not found`);
      const gone = tx.select({ id: targets.id, name: targets.name }).from(targets).where(eq(targets.appId, id)).all();
      const p = prepareRemoval(tx, gone.map((t) => t.id), `App ${before.name}`, now);
      tx.delete(apps).where(eq(apps.id, id)).run();
      writeAudit(
        tx,
        actor,
        {
          action: "app.delete",
          entityType: "app",
          entityId: id,
          before: { ...toAppDto(before, gone.length), targets: gone },
          after: { deleteArtifacts: !!opts.deleteArtifacts, ...artifactFacts(p.orphans) },
        },
        now,
      );
      return p;
    },
    { behavior: "immediate" },
  );
  return finishRemoval(actor, prepared, opts, now);
}
