import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { targets, type Run } from "../../db/schema";

const GOOD = new Set(["success", "partial"]);

/**
 * Copy a finished (or just started) run onto its target's last-run summary, the figures the tables
 * and the dashboard draw. Call it inside the transaction that updates the run. Used by the runner,
 * by recovery and by externally reported runs.
 */
export function applyRunToTarget(tx: DbOrTx, run: Run): void {
  const at = run.finishedAt ?? run.startedAt ?? run.queuedAt;
  const good = GOOD.has(run.status);
  const finished = !["queued", "running"].includes(run.status);
  tx.update(targets)
    .set({
      lastRunId: run.id,
      lastRunAt: at,
      lastStatus: run.status,
      ...(good && finished ? { lastSuccessAt: run.finishedAt ?? at } : {}),
      ...(finished
        ? {
            // A failed run made no artifact: keep the size of the last one that did.
            ...(good ? { lastSizeBytes: run.sizeBytes } : {}),
            lastDurationMs: run.durationMs,
            lastError: good && run.status === "success" ? null : run.errorSummary,
          }
        : {}),
    })
    .where(eq(targets.id, run.targetId))
    .run();
}
