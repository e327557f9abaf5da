/**
 * The backup engine's public API (used by the runs UI, the API, the scheduler and the CLI).
 * Runs execute in this process; see queue.ts for the limits and execute.ts for the steps.
 */
import type { Actor } from "../auth/actor";
import { triggerRun, type TriggerOptions } from "../services/runs/trigger";
import { cancelRunService } from "../services/runs/cancel";
import type { RunStatus } from "../db/schema";
import { kickQueue } from "./queue/queue";
import { now } from "./clock";
import { getDb } from "../db/client";
import { assertNoActiveRestore } from "./queue/restore-guard";

export { waitForRun } from "./runs/wait";
export { runLogPath, TRUNCATION_MARKER } from "./process/run-log";
export { readRunLog } from "./process/log-read";
export { recoverInterruptedRuns, INTERRUPTED_MESSAGE } from "./queue/recover";
export { afterRunHooks, type AfterRunHook } from "./tasks/hooks";
export { setClock } from "./clock";
export { kickQueue } from "./queue/queue";
export type { TriggerOptions } from "../services/runs/trigger";

/**
 * Queue a backup of a target (operator+) and start it when a slot is free. A ConflictError when the
 * target already has a run, or a restore going on (its own safety backup excepted). IMMEDIATE: the
 * restore check and the insert hold the write lock together, so a restore queued by another process
 * cannot slip in between.
 */
export function enqueueRun(actor: Actor, targetId: number, opts: TriggerOptions = {}): { id: number; status: RunStatus } {
  const run = getDb().transaction(
    (tx) => {
      // triggerRun first: its permission and not-found checks answer before anything about restores.
      const queued = triggerRun(actor, targetId, opts, now());
      assertNoActiveRestore(tx, targetId, opts.trigger, opts.restoreId);
      return queued;
    },
    { behavior: "immediate" },
  );
  kickQueue();
  return run;
}

/** Cancel a queued or running run (operator+): kills its process tree; it ends `cancelled`. */
export function cancelRun(actor: Actor, runId: number): void {
  cancelRunService(actor, runId, now());
}
