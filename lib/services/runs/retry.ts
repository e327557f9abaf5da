import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, targets } from "../../db/schema";
import { ConflictError, NotFoundError } from "../../errors";
import { requirePermission, actorAppScope, type Actor } from "../../auth/actor";
import { enqueueRun } from "./trigger";

const RETRYABLE = new Set(["failed", "interrupted", "partial", "cancelled"]);

/**
 * "Retry" on a failed run (operator+): a new run of the same target, linked to the failed one
 * (retryOfRunId, attempt + 1, trigger "retry"). The engine refuses when the target is busy.
 */
export function retryRun(actor: Actor, runId: number): { id: number } {
  requirePermission(actor, "run.trigger");
  const row = getDb().select({ run: runs, appId: targets.appId }).from(runs).innerJoin(targets, eq(targets.id, runs.targetId)).where(eq(runs.id, runId)).get();
  const scope = actorAppScope(actor);
  if (!row || (scope && !scope.includes(row.appId))) throw new NotFoundError(`Run ${runId} not found`);
  if (row.run.kind === "pitr-base") throw new ConflictError(`Run ${runId} is a point-in-time recovery base backup: the next one follows its own schedule (or turn PITR off and on for one now)`);
  if (!RETRYABLE.has(row.run.status)) throw new ConflictError(`Run ${runId} is ${row.run.status}: only a failed, interrupted, partial or cancelled run can be retried`);
  return enqueueRun(actor, row.run.targetId, {
    trigger: "retry",
    scheduleId: row.run.scheduleId,
    retryOfRunId: row.run.id,
    attempt: row.run.attempt + 1,
  });
}
