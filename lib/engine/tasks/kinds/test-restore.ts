import { runTestRestore } from "../../restore/test-restore";
import { RestoreCancelled } from "../../restore/context";
import { recoverInterruptedRestores, removeLeftoverRestoreScratch } from "../../restore/recover";
import { engineState } from "../engine-state";
import { PRIORITY, taskKey, type TaskKind } from "../task-kind";
import { cancelQueuedRestore, claimRestore, queuedRestores, restoreHolders } from "./restore-rows";

/**
 * A test restore ("verify by restoring") into a scratch place: its row in `restores` (kind
 * "test") is the task record. It needs nothing but the row, so any console process may claim it.
 */
export const testRestoreKind: TaskKind = {
  name: "test-restore",
  queued: (db) =>
    queuedRestores(db, "test").map((r) => ({ id: r.id, targetId: r.targetId, priority: PRIORITY.testRestore, queuedAt: r.queuedAt.getTime() })),
  holders: (db) => restoreHolders(db, "test", "test-restore"),
  claim: claimRestore,
  run: async (ctx) => {
    await runTestRestore(ctx.id, ctx.signal);
  },
  cancelQueued: cancelQueuedRestore,
  cancelError: (reason) => new RestoreCancelled(reason),
  recover: (now) => {
    const active = engineState().active;
    const ids = recoverInterruptedRestores("test", (id) => active.has(taskKey("test-restore", id)), now);
    const scratch = removeLeftoverRestoreScratch();
    return [...ids.map((id) => `test restore ${id} interrupted`), ...(scratch.length ? [`removed the scratch space of ${scratch.length} stopped test restore(s)`] : [])];
  },
};
