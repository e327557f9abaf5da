import { applyRetention } from "../../retention/apply";
import { rowTaskKind } from "../row-kind";

/**
 * Retention of one target: apply its keep policy (lib/engine/retention/apply.ts). Queued after each
 * successful backup and by the daily sweep; as a task of its target it never overlaps a backup or
 * a restore of it. The pass is short and synchronous: a cancel while it runs ends it `cancelled`
 * once the pass is over (each artifact's delete is its own transaction, so none is half done).
 */
export const pruneKind = rowTaskKind("prune", (ctx, task) => {
  if (task.targetId == null) throw new Error("a prune task needs a target");
  const res = applyRetention(task.targetId, ctx.clock());
  for (const s of res.skipped) console.warn(`[lifeboat] retention kept run ${s.runId}: ${s.reason}`);
});
