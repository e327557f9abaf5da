import { RunLog } from "../../process/run-log";
import { restoreToPointInTime } from "../../pitr/restore";
import { PITR_RESTORE_KIND, type PitrRestoreParams } from "../../pitr/restore-task";
import { pitrBackend, pitrScratchRoot, pitrTargetUrl, pitrTaskLogPath } from "../../pitr/target-stream";
import { rowTaskKind } from "../row-kind";

/**
 * A point-in-time restore into a new database on the target's server (lib/engine/pitr/restore.ts:
 * plan → unpack → fetch WAL → replay in a private server → copy → remove). Every phase is a line
 * of the task's log; a failure ends the task `failed` with PostgreSQL's or the plan's words.
 */
export const pitrRestoreKind = rowTaskKind(PITR_RESTORE_KIND, async (ctx, task) => {
  const targetId = task.targetId;
  if (targetId == null) throw new Error("a point-in-time restore needs a target");
  const p = task.params as unknown as PitrRestoreParams;
  const { url } = pitrTargetUrl(targetId);
  const log = new RunLog(task.id, [decodeURIComponent(new URL(url).password)], pitrTaskLogPath(task.id));
  try {
    const res = await restoreToPointInTime({
      targetId,
      url,
      backend: pitrBackend(targetId),
      targetTime: new Date(p.targetTime),
      destination: p.destination,
      scratchRoot: pitrScratchRoot(),
      keepServerMinutes: p.keepServerMinutes,
      log,
      signal: ctx.signal,
    });
    log.info(`Success: database "${res.database}" holds the state of ${p.targetTime} (base backup ${res.baseBackupId}, ${res.segments} WAL segments; ${res.reached})`);
  } catch (e) {
    log.info(`Failed: ${(e as Error).message}`);
    throw e;
  } finally {
    log.close();
  }
});
