import { inArray } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { runs } from "../../../db/schema";
import { enqueueTask } from "../task-rows";
import { rowTaskKind } from "../row-kind";
import { PRIORITY } from "../task-kind";
import { queueDueMaintenance } from "../../restic/maintenance-tasks";
import { sweepCopyRetention } from "../../copies/copy-retention";

/**
 * The daily safety net (queued by the scheduler at Settings' retentionSweepTime): one prune task
 * per target holding an artifact, each waiting for its target to be free; then the retention of
 * every copy location (lib/engine/copies/copy-retention.ts).
 */
export const retentionSweepKind = rowTaskKind("retention-sweep", async (ctx) => {
  const ids = getDb().selectDistinct({ targetId: runs.targetId }).from(runs).where(inArray(runs.artifactState, ["present"])).all();
  for (const { targetId } of ids) {
    if (ctx.signal.aborted) return;
    enqueueTask({ kind: "prune", targetId, priority: PRIORITY.prune }, ctx.clock());
  }
  // The restic repositories' prune and check, when a week has passed (this runs off the busy hours).
  queueDueMaintenance(ctx.clock(), PRIORITY.sweep);
  // The daily scrub of a sample of the copies (their sha256 re-read).
  enqueueTask({ kind: "copy-scrub", priority: PRIORITY.sweep }, ctx.clock());
  ctx.kick();
  // Each copy location's retention (independent of the primary's; the copies hold no target).
  await sweepCopyRetention(ctx.clock(), undefined, ctx.signal);
});
