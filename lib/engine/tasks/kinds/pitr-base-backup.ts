import { resolveTarget } from "../../targets/resolve";
import { RunLog } from "../../process/run-log";
import { takeBaseBackup } from "../../pitr/base-backup";
import { BASE_BACKUP_KIND } from "../../pitr/base-schedule";
import { pitrConfig } from "../../pitr/config-rows";
import { prunePitr } from "../../pitr/retention";
import { pitrBackend, pitrPrefix, pitrTargetUrl, pitrTaskLogPath, pitrWorkDir } from "../../pitr/target-stream";
import { rowTaskKind } from "../row-kind";
import { queuePitrCopies } from "../../pitr/offsite";
import { formatBytesExact } from "../../../ui/units";

const DAY_MS = 86_400_000;

/**
 * A PITR base backup (pg_basebackup, tar, checksummed; lib/engine/pitr/base-backup.ts) of one
 * target, queued by the PITR supervisor on its own schedule (default daily) and when PITR is
 * turned on. After a success, retention by the target's keepDays / keepLast: older copies and
 * the WAL only they need are deleted (two phases, objects before rows).
 */
export const pitrBaseBackupKind = rowTaskKind(BASE_BACKUP_KIND, async (ctx, task) => {
  const targetId = task.targetId;
  if (targetId == null) throw new Error("a base backup task needs a target");
  if (!pitrConfig(targetId)?.enabled) throw new Error("Point-in-time recovery is off for this target");
  const { url } = pitrTargetUrl(targetId);
  const password = url ? decodeURIComponent(new URL(url).password) : null;
  const log = new RunLog(task.id, [password], pitrTaskLogPath(task.id));
  try {
    const backend = pitrBackend(targetId);
    log.info(`Base backup of target ${targetId} to ${backend.where}`);
    const b = await takeBaseBackup({ targetId, url, backend, prefix: pitrPrefix(targetId), workDir: pitrWorkDir(), log, signal: ctx.signal, taskId: task.id });
    log.info(`Base backup ${b.id} finished: ${formatBytesExact(b.sizeBytes)} stored, consistent from ${b.finishedAt?.toISOString()}`);
    const { target } = resolveTarget(targetId);
    const keepSince = target.keepDays != null ? new Date(ctx.clock().getTime() - target.keepDays * DAY_MS) : undefined;
    const pruned = await prunePitr(targetId, backend, { keepLast: target.keepLast ?? undefined, keepSince });
    // Offsite like any backup run: a copy task per copy location of the target (pitr/offsite.ts).
    const copies = queuePitrCopies(targetId, ctx.clock());
    if (copies.length) {
      log.info(`Queued ${copies.length} copy task(s) to the target's copy location(s)`);
      ctx.kick();
    }
    log.info(`Retention: ${pruned.baseBackups} base backup(s) and ${pruned.walFiles} WAL file(s) deleted${pruned.leftovers.length ? `, ${pruned.leftovers.length} object(s) left to delete next time` : ""}`);
  } catch (e) {
    log.info(`Failed: ${(e as Error).message}`);
    throw e;
  } finally {
    log.close();
  }
});
