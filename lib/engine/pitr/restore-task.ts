import { and, desc, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { tasks, type Task } from "../../db/schema";
import { PRIORITY } from "../tasks/task-kind";

export const PITR_RESTORE_KIND = "pitr-restore";

/** What a point-in-time restore task was asked (its `tasks.params`); no password is ever in it. */
export interface PitrRestoreParams {
  targetTime: string;
  destination: { database: string };
  keepServerMinutes: number;
}

/**
 * A point-in-time restore is a row of the generic tasks table (restores rows belong to a run's
 * artifact; this one has none). Inserted in the service's transaction, next to its audit row;
 * never merged with another queued one (unlike enqueueTask: two restores are two requests).
 */
export function insertPitrRestoreTask(tx: DbOrTx, targetId: number, params: PitrRestoreParams, at: Date): Task {
  return tx
    .insert(tasks)
    .values({ kind: PITR_RESTORE_KIND, targetId, priority: PRIORITY.restore, status: "queued", params: { ...params }, queuedAt: at })
    .returning()
    .get();
}

export function pitrRestoreTask(targetId: number, id: number): Task | undefined {
  return getDb().select().from(tasks).where(and(eq(tasks.id, id), eq(tasks.kind, PITR_RESTORE_KIND), eq(tasks.targetId, targetId))).get();
}

export function recentPitrTasks(targetId: number, kind: string, limit = 10): Task[] {
  return getDb().select().from(tasks).where(and(eq(tasks.kind, kind), eq(tasks.targetId, targetId))).orderBy(desc(tasks.id)).limit(limit).all();
}
