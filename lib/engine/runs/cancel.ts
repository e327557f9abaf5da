import { cancelTask, type CancelOutcome } from "../queue/cancel";
import { now } from "../clock";

/**
 * Cancel a backup run: one running in this process is aborted (its process tree killed; the
 * backup task ends it `cancelled`), a queued one ends `cancelled` at once, one running in another
 * Lifeboat process gets a cancel request that process acts on.
 */
export function cancelBackup(runId: number, reason: string, at: Date = now()): CancelOutcome {
  return cancelTask("backup", runId, reason, at);
}
