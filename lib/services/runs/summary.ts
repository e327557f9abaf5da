import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { targets, type Run } from "../../db/schema";

// A partial run still made an artifact (its size counts), but it is not a "success": the
// last-success time means the same here as in the status word and the dashboard.
const MADE_ARTIFACT = new Set(["success", "partial"]);

/**
 * Copy a finished (or just started) run onto its target's last-run summary, the figures the tables
 * and the dashboard draw. Call it inside the transaction that updates the run. Used by the runner,
 * by recovery and by externally reported runs.
 */
export function applyRunToTarget(tx: DbOrTx, run: Run): void {
  const at = run.finishedAt ?? run.startedAt ?? run.queuedAt;
  const good = MADE_ARTIFACT.has(run.status);
  const finished = !["queued", "running"].includes(run.status);
  tx.update(targets)
    .set({
      lastRunId: run.id,
      lastRunAt: at,
      lastStatus: run.status,
      ...(run.status === "success" ? { lastSuccessAt: run.finishedAt ?? at } : {}),
      ...(finished
        ? {
            // A failed run made no artifact: keep the size of the last one that did.
            ...(good ? { lastSizeBytes: run.sizeBytes } : {}),
            lastDurationMs: run.durationMs,
            lastError: run.status === "success" ? null : run.errorSummary,
          }
        : {}),
    })
    .where(eq(targets.id, run.targetId))
    .run();
}
