import { kindNamed } from "../tasks/registry";
import { now } from "../clock";
import { abortActive } from "./queue";
import { requestCancel } from "./cancel-requests";

export type CancelOutcome = "aborted" | "cancelled" | "requested";

/**
 * Cancel one item of any kind: running here → aborted (the kind ends it `cancelled`); still queued
 * → ended `cancelled` at once; running in another process → a request that process acts on within
 * a second. The caller checked that the item was queued or running, and audits the cancel.
 */
export function cancelTask(kind: string, id: number, reason: string, at: Date = now()): CancelOutcome {
  if (abortActive(kind, id, reason)) return "aborted";
  if (kindNamed(kind).cancelQueued(id, reason, at)) return "cancelled";
  // Claimed meanwhile by this process: abort it after all.
  if (abortActive(kind, id, reason)) return "aborted";
  requestCancel(kind, id, reason, at);
  return "requested";
}
