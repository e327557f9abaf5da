import { enqueueRun, afterRunHooks } from "../runner-api";
import type { Enqueue } from "./ports";
import { afterRun } from "./after-run";

/** The scheduler's view of the backup engine. */
export const enqueueWithRunner: Enqueue = (actor, targetId, opts) => enqueueRun(actor, targetId, opts);

/** Retention after each successful run, recovery events, schedule last-run summary (idempotent). */
export function registerSchedulerHooks(): void {
  if (!afterRunHooks.includes(afterRun)) afterRunHooks.push(afterRun);
}
