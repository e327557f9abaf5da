import { getDb } from "../../db/client";
import { writeAudit } from "../../audit/write";
import { actorLabel, requirePermission, type Actor } from "../../auth/actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import { now } from "../../engine/clock";
import { kickQueue } from "../../engine/queue/queue";
import { pgDatabaseExists } from "../../engine/types/postgres/restore";
import { pitrConfig } from "../../engine/pitr/config-rows";
import { choosePitrSource } from "../../engine/pitr/restore-source";
import { insertPitrRestoreTask, PITR_RESTORE_KIND, pitrRestoreTask, type PitrRestoreParams } from "../../engine/pitr/restore-task";
import { databaseOf } from "../../engine/pitr/conn";
import { stopKeptServer } from "../../engine/pitr/kept-servers";
import { cancelTask } from "../../engine/queue/cancel";
import { assertTargetIdle } from "../../engine/restores/queue";
import { readPitrTaskLog } from "../../engine/pitr/task-log";
import { pitrTargetUrl } from "../../engine/pitr/target-stream";
import { getTarget } from "../targets/get";
import { pitrRestoreInput, type PitrRestoreInput } from "./schemas";
import { pitrRestoreDto, type PitrRestoreDto } from "./status";

/**
 * Restore a postgres target as it was at `targetTime` (operator). Everything that can be checked
 * is checked before the task is queued, so a refusal touches nothing: the typed name, a base
 * backup before the time and every WAL segment from it to the time in the asked location or the
 * nearest that has them (restore-source.ts: the PITR location, then the copy locations), and that
 * the new database does not exist yet. The work runs as a `pitr-restore` task of the one queue.
 */
export async function startPitrRestore(actor: Actor, targetId: number, raw: PitrRestoreInput): Promise<{ id: number; status: string }> {
  requirePermission(actor, "restore.execute");
  const target = getTarget(actor, targetId);
  const input = pitrRestoreInput.parse(raw);
  if (input.overrideSafety) {
    if (actor.role !== "admin") throw new ForbiddenError("Only an admin may override the safety backup");
    if (input.destination !== "original") throw new ValidationError("overrideSafety is for a restore over the original (a new database gets no safety backup)", { overrideSafety: "Only with destination \"original\"" });
  }
  if (target.type !== "postgres" || !pitrConfig(targetId)) throw new ValidationError("Point-in-time recovery was never turned on for this target");
  if (input.confirm.trim() !== target.name) throw new ValidationError(`Type the target's name (${target.name}) to confirm`, { confirm: `Type "${target.name}" exactly` });
  const targetTime = new Date(input.targetTime);
  if (targetTime.getTime() > now().getTime()) throw new ValidationError("targetTime is in the future", { targetTime: "Choose a moment in the past" });
  const { source } = await choosePitrSource(targetId, targetTime, { storageId: input.storage ?? null });
  const url = pitrTargetUrl(targetId).url;
  const original = input.destination === "original";
  if (original) {
    if (!(await pgDatabaseExists(url, databaseOf(url)))) throw new ConflictError(`The target's database "${databaseOf(url)}" is not on its server: restore into a new database instead`);
  } else {
    const database = (input.destination as { database: string }).database;
    if (await pgDatabaseExists(url, database)) {
      throw new ConflictError(`A database named "${database}" already exists on the target's server: choose a new name`, { database: "Already exists" });
    }
  }
  const destination = original ? ("original" as const) : { database: (input.destination as { database: string }).database };
  const params: PitrRestoreParams = { targetTime: targetTime.toISOString(), destination, keepServerMinutes: input.keepServerMinutes ?? 0, ...(input.overrideSafety ? { overrideSafety: true } : {}), ...(input.storage != null ? { storageId: source.storageId! } : {}) };
  const task = getDb().transaction(
    (tx) => {
      // Over the original: the same mutual exclusion as a normal restore (restores/queue.ts) — no
      // backup or other restore of this target queued or running; while it goes on, no backup but
      // its own safety backup (queue/restore-guard.ts) and no other restore (assertTargetIdle).
      if (original) assertTargetIdle(tx, targetId);
      const t = insertPitrRestoreTask(tx, targetId, original ? { ...params, originalDatabase: databaseOf(url), requestedBy: actor } : params, now());
      writeAudit(tx, actor, { action: "restore.pitr", entityType: "target", entityId: targetId, after: { task: t.id, ...params } });
      if (params.overrideSafety) writeAudit(tx, actor, { action: "restore.override", entityType: "target", entityId: targetId, after: { pitrRestore: t.id, ...params } });
      return t;
    },
    { behavior: "immediate" },
  );
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

/**
 * Cancel a point-in-time restore (operator): a queued or running one stops (a restore over the
 * original stops its safety backup too; pg_restore's one transaction rolls back); a finished one
 * whose private server is kept for inspection has that server stopped and removed now.
 */
export async function cancelPitrRestore(actor: Actor, targetId: number, id: number): Promise<PitrRestoreDto & { log: string }> {
  requirePermission(actor, "restore.execute");
  getTarget(actor, targetId);
  const t = pitrRestoreTask(targetId, id);
  if (!t) throw new NotFoundError(`Point-in-time restore ${id} of target ${targetId} not found`);
  const active = t.status === "queued" || t.status === "running";
  const kept = !active && (await stopKeptServer(t.id, `stopped by ${actorLabel(actor)}`));
  if (!active && !kept) throw new ConflictError(`Point-in-time restore ${id} has ended (${t.status}) and keeps no server: nothing to cancel`);
  if (active) cancelTask(PITR_RESTORE_KIND, t.id, "Cancelled by " + actorLabel(actor));
  writeAudit(getDb(), actor, { action: "restore.cancel", entityType: "target", entityId: targetId, after: { pitrRestore: t.id, removedServer: kept } });
  return getPitrRestore(actor, targetId, id);
}

/**
 * "Stop server now" (operator): the private server a finished point-in-time restore keeps for
 * inspection is stopped and its scratch folder removed before its time is up, from any console
 * (by its record: pg_ctl stop of its data directory); audited. 409 when none is running (never
 * kept, its time was up, or already stopped).
 */
export async function stopPitrServer(actor: Actor, targetId: number, id: number): Promise<PitrRestoreDto & { log: string }> {
  requirePermission(actor, "restore.execute");
  getTarget(actor, targetId);
  const t = pitrRestoreTask(targetId, id);
  if (!t) throw new NotFoundError(`Point-in-time restore ${id} of target ${targetId} not found`);
  const server = pitrRestoreDto(t).server;
  if (!server?.running) throw new ConflictError(`Point-in-time restore ${id} keeps no private server running${server?.stoppedAt ? ` (stopped ${server.stoppedAt}: ${server.stopReason})` : ""}`);
  const stopped = await stopKeptServer(t.id, `stopped by ${actorLabel(actor)}`);
  if (!stopped) throw new ConflictError(`The private server of point-in-time restore ${id} has stopped meanwhile`);
  writeAudit(getDb(), actor, { action: "restore.pitr_stop_server", entityType: "target", entityId: targetId, after: { pitrRestore: t.id, port: server.port } });
  return getPitrRestore(actor, targetId, id);
}
