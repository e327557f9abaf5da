import { getDb } from "../../db/client";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { now } from "../../engine/clock";
import { kickQueue } from "../../engine/queue/queue";
import { pgDatabaseExists } from "../../engine/types/postgres/restore";
import { pitrConfig } from "../../engine/pitr/config-rows";
import { listBaseBackups } from "../../engine/pitr/base-rows";
import { listWal } from "../../engine/pitr/wal-store";
import { planPitrRestore } from "../../engine/pitr/restore-plan";
import { insertPitrRestoreTask, pitrRestoreTask } from "../../engine/pitr/restore-task";
import { readPitrTaskLog } from "../../engine/pitr/task-log";
import { pitrTargetUrl } from "../../engine/pitr/target-stream";
import { getTarget } from "../targets/get";
import { pitrRestoreInput, type PitrRestoreInput } from "./schemas";
import { pitrRestoreDto, type PitrRestoreDto } from "./status";

/**
 * Restore a postgres target as it was at `targetTime` (operator). Everything that can be checked
 * is checked before the task is queued, so a refusal touches nothing: the typed name, a base
 * backup before the time and every WAL segment from it to the time (restore-plan.ts), and that
 * the new database does not exist yet. The work runs as a `pitr-restore` task of the one queue.
 */
export async function startPitrRestore(actor: Actor, targetId: number, raw: PitrRestoreInput): Promise<{ id: number; status: string }> {
  requirePermission(actor, "restore.execute");
  const target = getTarget(actor, targetId);
  const input = pitrRestoreInput.parse(raw);
  if (target.type !== "postgres" || !pitrConfig(targetId)) throw new ValidationError("Point-in-time recovery was never turned on for this target");
  if (input.confirm.trim() !== target.name) throw new ValidationError(`Type the target's name (${target.name}) to confirm`, { confirm: `Type "${target.name}" exactly` });
  if (input.destination === "original") {
    throw new ValidationError('Restoring a point in time over the original database is not available yet: restore into a new database ({ "database": "<name>" }) and switch to it', {
      destination: "Choose a new database",
    });
  }
  const targetTime = new Date(input.targetTime);
  if (targetTime.getTime() > now().getTime()) throw new ValidationError("targetTime is in the future", { targetTime: "Choose a moment in the past" });
  planPitrRestore(targetTime, listBaseBackups(targetId), listWal(targetId));
  const database = input.destination.database;
  if (await pgDatabaseExists(pitrTargetUrl(targetId).url, database)) {
    throw new ConflictError(`A database named "${database}" already exists on the target's server: choose a new name`, { database: "Already exists" });
  }
  const params = { targetTime: targetTime.toISOString(), destination: { database }, keepServerMinutes: input.keepServerMinutes ?? 0 };
  const task = getDb().transaction((tx) => {
    const t = insertPitrRestoreTask(tx, targetId, params, now());
    writeAudit(tx, actor, { action: "restore.pitr", entityType: "target", entityId: targetId, after: { task: t.id, ...params } });
    return t;
  });
  kickQueue();
  return { id: task.id, status: task.status };
}

export function getPitrRestore(actor: Actor, targetId: number, id: number): PitrRestoreDto & { log: string } {
  requirePermission(actor, "read");
  getTarget(actor, targetId);
  const t = pitrRestoreTask(targetId, id);
  if (!t) throw new NotFoundError(`Point-in-time restore ${id} of target ${targetId} not found`);
  return { ...pitrRestoreDto(t), log: readPitrTaskLog(t.id) };
}
