import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, runs, targets } from "../../db/schema";
import { ConflictError, NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { actorLabel, requirePermission, type Actor } from "../../auth/actor";
import { cancelBackup } from "../../engine/runs/cancel";
import { now } from "../../engine/clock";
import { cancelTask } from "../../engine/queue/cancel";
import { BASE_BACKUP_KIND } from "../../engine/pitr/base-schedule";
import { baseBackupTaskOfRun } from "../../engine/pitr/base-runs";

/**
 * Cancel a queued or running run (operator+). A queued run ends `cancelled` at once; a running
 * one is aborted (its process tree killed) and the runner ends it `cancelled` — in another console
 * process too, through a cancel request (lib/engine/queue/cancel-requests.ts).
 */
export function cancelRun(actor: Actor, runId: number, at = now()): void {
  requirePermission(actor, "run.cancel");
  const db = getDb();
  const row = db
    .select({ run: runs, appId: apps.id })
    .from(runs)
    .innerJoin(targets, eq(targets.id, runs.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(eq(runs.id, runId))
    .get();
  if (!row || (actor.type === "token" && actor.appIds && !actor.appIds.includes(row.appId))) throw new NotFoundError(`Run ${runId} not found`);
  const { run } = row;
  if (run.status !== "queued" && run.status !== "running") throw new ConflictError(`Run ${runId} has already ended (${run.status})`);
  db.transaction((tx) => {
    writeAudit(tx, actor, { action: "run.cancel", entityType: "run", entityId: runId, before: { status: run.status } }, at);
  });
  // A base backup run is the work of its pitr-base-backup task: cancelling the run cancels that.
  const baseTask = run.kind === "pitr-base" ? baseBackupTaskOfRun(runId) : null;
  if (baseTask != null) return void cancelTask(BASE_BACKUP_KIND, baseTask, `cancelled by ${actorLabel(actor)}`, at);
  // Running in another console process: that process sees the request within a second.
  cancelBackup(runId, `cancelled by ${actorLabel(actor)}`, at);
}
