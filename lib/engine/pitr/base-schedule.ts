import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { tasks } from "../../db/schema";
import { pitrBaseBackups, type PitrTarget } from "../../db/schema-pitr";
import { enqueueTask } from "../tasks/task-rows";
import { PRIORITY } from "../tasks/task-kind";

export const BASE_BACKUP_KIND = "pitr-base-backup";
/** A failed base backup is tried again after this long (or the schedule's interval, if shorter). */
const RETRY_MS = 60 * 60_000;

/**
 * Base backups have their own schedule: every `baseEveryHours` (default daily) after the newest
 * one started, and at once when PITR is turned on (no window exists before the first copy).
 * Returns the queued task id, or null when none is due or one is queued or running.
 */
export function queueBaseBackupIfDue(cfg: PitrTarget, at: Date): number | null {
  const db = getDb();
  const pending = db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.kind, BASE_BACKUP_KIND), eq(tasks.targetId, cfg.targetId), inArray(tasks.status, ["queued", "running"])))
    .get();
  if (pending) return null;
  const last = db.select().from(pitrBaseBackups).where(eq(pitrBaseBackups.targetId, cfg.targetId)).orderBy(desc(pitrBaseBackups.startedAt)).limit(1).get();
  const every = cfg.baseEveryHours * 3_600_000;
  // A copy from before PITR was last turned on is on another slot's WAL: it does not count.
  const counts = last && (!cfg.enabledAt || last.startedAt >= cfg.enabledAt);
  if (counts && at.getTime() - last.startedAt.getTime() < (last.status === "failed" ? Math.min(every, RETRY_MS) : every)) return null;
  return queueBaseBackup(cfg.targetId, at);
}

export function queueBaseBackup(targetId: number, at: Date): number {
  return enqueueTask({ kind: BASE_BACKUP_KIND, targetId, priority: PRIORITY.scheduledBackup }, at).id;
}
