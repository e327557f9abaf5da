import { abortActiveRun } from "../queue/active";
import { StepError } from "../process/step";
import { now } from "../clock";
import { finishRun } from "./record";

/**
 * Cancel a backup run: one running in this process is aborted (its process tree killed; the
 * backup task ends it `cancelled`), a queued one ends `cancelled` at once. "elsewhere" when it
 * runs in another Lifeboat process, which alone can kill its tools.
 */
export function cancelBackup(runId: number, status: "queued" | "running", reason: string, at: Date = now()): "aborted" | "cancelled" | "elsewhere" {
  const why = new StepError(reason, "cancelled");
  if (abortActiveRun(runId, why)) return "aborted";
  if (status === "queued") {
    finishRun(runId, { status: "cancelled", finishedAt: at, errorSummary: why.message });
    return "cancelled";
  }
  return "elsewhere";
}
