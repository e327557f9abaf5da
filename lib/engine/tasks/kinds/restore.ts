import { runRestore, type ExecuteOptions } from "../../restore/execute";
import { RestoreCancelled } from "../../restore/context";
import { recoverInterruptedRestores, removeLeftoverRestoreScratch } from "../../restore/recover";
import { engineState } from "../engine-state";
import { PRIORITY, taskKey, type TaskKind } from "../task-kind";
import { cancelQueuedRestore, claimRestore, queuedRestores, restoreHolders } from "./restore-rows";

const key = (id: number) => taskKey("restore", id);

/**
 * A restore onto a destination: its row in `restores` (kind "restore") is the task record. Only
 * the process that queued it can claim it: its resolved destination (which may carry a password
 * typed for this restore) lives in that process's memory only (engine-state params).
 */
export const restoreKind: TaskKind = {
  name: "restore",
  queued: (db) => {
    const params = engineState().params;
    return queuedRestores(db, "restore")
      .filter((r) => params.has(key(r.id)))
      .map((r) => ({ id: r.id, targetId: r.targetId, priority: PRIORITY.restore, queuedAt: r.queuedAt.getTime() }));
  },
  holders: (db) => restoreHolders(db, "restore", "restore"),
  claim: claimRestore,
  run: async (ctx) => {
    const opts = engineState().params.get(key(ctx.id)) as ExecuteOptions;
    await runRestore(ctx.id, opts, ctx.signal, ctx.kick);
  },
  cancelQueued: cancelQueuedRestore,
  cancelError: (reason) => new RestoreCancelled(reason),
  recover: (now) => {
    const active = engineState().active;
    const ids = recoverInterruptedRestores("restore", (id) => active.has(key(id)), now);
    const scratch = removeLeftoverRestoreScratch();
    return [...ids.map((id) => `restore ${id} interrupted`), ...(scratch.length ? [`removed the scratch space of ${scratch.length} stopped restore(s)`] : [])];
  },
};
