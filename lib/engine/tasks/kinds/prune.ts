import { eq } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { targets } from "../../../db/schema";
import { applyRetention } from "../../retention/apply";
import { applyResticRetention } from "../../restic/retention";
import { rowTaskKind } from "../row-kind";

/**
 * Retention of one target: apply its keep policy (lib/engine/retention/apply.ts). Queued after each
 * successful backup and by the daily sweep; as a task of its target it never overlaps a backup or
 * a restore of it. The pass is short and synchronous: a cancel while it runs ends it `cancelled`
 * once the pass is over (each artifact's delete is its own transaction, so none is half done).
 * A restic target's policy goes through `restic forget` instead (lib/engine/restic/retention.ts).
 */
export const pruneKind = rowTaskKind("prune", async (ctx, task) => {
  if (task.targetId == null) throw new Error("a prune task needs a target");
  const engine = getDb().select({ engine: targets.engine }).from(targets).where(eq(targets.id, task.targetId)).get()?.engine;
  if (engine === "restic") {
    const r = await applyResticRetention(task.targetId, ctx.clock(), ctx.signal);
    for (const s of r.kept) console.warn(`[lifeboat] retention kept run ${s.runId}: ${s.reason}`);
  }
  // Also for a restic target: artifacts of its runs from before it switched engines.
  const res = applyRetention(task.targetId, ctx.clock());
  for (const s of res.skipped) console.warn(`[lifeboat] retention kept run ${s.runId}: ${s.reason}`);
});
