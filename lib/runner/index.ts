/**
 * The backup engine's public API (used by the runs UI, the API, the scheduler and the CLI).
 * Runs execute in this process; see queue.ts for the limits and execute.ts for the steps.
 */
import type { Actor } from "../auth/actor";
import { triggerRun, type TriggerOptions } from "../services/runs/trigger";
import { cancelRunService } from "../services/runs/cancel";
import type { RunStatus } from "../db/schema";
import { kickQueue } from "./queue";
import { now } from "./clock";

export { waitForRun } from "./wait";
export { runLogPath, TRUNCATION_MARKER } from "./run-log";
export { readRunLog } from "./log-read";
export { recoverInterruptedRuns, INTERRUPTED_MESSAGE } from "./recover";
export { afterRunHooks, type AfterRunHook } from "./hooks";
export { setClock } from "./clock";
export { kickQueue } from "./queue";
export type { TriggerOptions } from "../services/runs/trigger";

/** Queue a backup of a target (operator+) and start it when a slot is free. */
export function enqueueRun(actor: Actor, targetId: number, opts: TriggerOptions = {}): { id: number; status: RunStatus } {
  const run = triggerRun(actor, targetId, opts, now());
  kickQueue();
  return run;
}

/** Cancel a queued or running run (operator+): kills its process tree; it ends `cancelled`. */
export function cancelRun(actor: Actor, runId: number): void {
  cancelRunService(actor, runId, now());
}
