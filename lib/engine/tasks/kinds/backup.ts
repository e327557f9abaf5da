import { eq } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { runs, targets } from "../../../db/schema";
import { markRunning, cancelQueuedRun } from "../../runs/record";
import { runLogPath } from "../../process/run-log";
import { StepError } from "../../process/step";
import { recoverInterruptedRuns } from "../../queue/recover";
import { executeRun } from "../backup";
import { executeResticRun } from "../backup-restic";
import { noteRecovery } from "../../scheduler/after-run";
import { enqueueTask } from "../task-rows";
import { queueCopiesForRun } from "../../copies/copy-rows";
import { PRIORITY, taskKey, type TaskKind } from "../task-kind";
import { pitrSafetyParents } from "../../pitr/restore-task";

const priorityOf = (trigger: string) =>
  trigger === "safety" ? PRIORITY.safetyBackup : trigger === "scheduler" || trigger === "retry" ? PRIORITY.scheduledBackup : PRIORITY.manualBackup;

/** A backup run: its row in `runs` is the task record (queued → running → success/partial/failed/cancelled/interrupted). */
export const backupKind: TaskKind = {
  name: "backup",
  runsOnTargetServer: true,
  queued: (db) => {
    const pitrParents = pitrSafetyParents(db);
    return db
      .select({ id: runs.id, targetId: runs.targetId, trigger: runs.trigger, restoreId: runs.restoreId, queuedAt: runs.queuedAt })
      .from(runs)
      .where(eq(runs.status, "queued"))
      .all()
      .map((r) => ({
        id: r.id,
        targetId: r.targetId,
        priority: priorityOf(r.trigger),
        queuedAt: r.queuedAt.getTime(),
        // A safety backup works for its restore, which holds the target and waits for it.
        parentKey: r.trigger !== "safety" ? null : r.restoreId != null ? taskKey("restore", r.restoreId) : (pitrParents.get(r.id) ?? null),
      }));
  },
  holders: (db) =>
    db
      .select({ id: runs.id, targetId: runs.targetId })
      .from(runs)
      .where(eq(runs.status, "running"))
      .all()
      .map((r) => ({ key: taskKey("backup", r.id), targetId: r.targetId })),
  claim: (tx, id, at) => markRunning(id, at, runLogPath(id), tx),
  run: async (ctx) => {
    // A restic target's run is a snapshot in its location's repository (issue 14), not an artifact.
    const engine = getDb().select({ engine: targets.engine }).from(runs).innerJoin(targets, eq(targets.id, runs.targetId)).where(eq(runs.id, ctx.id)).get()?.engine;
    const run = engine === "restic" ? await executeResticRun(ctx.id, ctx.signal) : await executeRun(ctx.id, ctx.signal);
    // What follows a success (no hook list): a recovery is noted, and the target's retention is
    // queued as its own task — it starts once this run has released the target.
    if (run.status !== "success") return;
    noteRecovery(run, ctx.clock());
    enqueueTask({ kind: "prune", targetId: run.targetId, priority: PRIORITY.prune }, ctx.clock());
    // One offsite copy task per copy location (a restic snapshot: `restic copy` into the location's repository).
    if (queueCopiesForRun(run, ctx.clock()).length) ctx.kick();
  },
  cancelQueued: cancelQueuedRun,
  cancelError: (reason) => new StepError(reason, "cancelled"),
  recover: (now) => recoverInterruptedRuns(now).map((id) => `backup run ${id} interrupted`),
};
