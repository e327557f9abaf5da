import { inArray } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { runs } from "../../../db/schema";
import { enqueueTask } from "../task-rows";
import { rowTaskKind } from "../row-kind";
import { PRIORITY } from "../task-kind";
import { queueDueMaintenance } from "../../restic/maintenance-tasks";

/**
 * The daily safety net (queued by the scheduler at Settings' retentionSweepTime): one prune task
 * per target holding an artifact, each waiting for its target to be free.
 */
export const retentionSweepKind = rowTaskKind("retention-sweep", (ctx) => {
  const ids = getDb().selectDistinct({ targetId: runs.targetId }).from(runs).where(inArray(runs.artifactState, ["present"])).all();
  for (const { targetId } of ids) {
    if (ctx.signal.aborted) return;
    enqueueTask({ kind: "prune", targetId, priority: PRIORITY.prune }, ctx.clock());
  }
  // The restic repositories' prune and check, when a week has passed (this runs off the busy hours).
  queueDueMaintenance(ctx.clock(), PRIORITY.sweep);
  ctx.kick();
});
