import { SCHEDULER } from "../../audit/actor";
import { afterRunHooks } from "../tasks/hooks";
import { queueBackup } from "../runs/enqueue";
import type { Enqueue } from "./ports";
import { afterRun } from "./after-run";

/** The scheduler's view of the backup engine: its runs are audited as the scheduler's. */
export const enqueueWithRunner: Enqueue = (targetId, opts) => queueBackup(SCHEDULER, { targetId, ...opts });

/** Retention after each successful run, recovery events, schedule last-run summary (idempotent). */
export function registerSchedulerHooks(): void {
  if (!afterRunHooks.includes(afterRun)) afterRunHooks.push(afterRun);
}
