import { and, eq } from "drizzle-orm";
import { tasks } from "../../../db/schema";
import { COPY_KIND, requeueStrandedCopies } from "../../copies/copy-rows";
import { copyWithRetry, performCopy } from "../../copies/copy-task";
import { recordPitrCopyFailure } from "../../pitr/offsite-status";
import { syncPitrCopies, type PitrCopyParams } from "../../pitr/offsite";
import { rowTaskKind } from "../row-kind";
import type { TaskKind } from "../task-kind";

const base = rowTaskKind(COPY_KIND, async (ctx, task) => {
  // A PITR batch: the WAL and base backups one copy location of a target lacks (pitr/offsite.ts).
  const pitr = task.params as Partial<PitrCopyParams> | null;
  if (pitr?.pitrTargetId != null && pitr.storageId != null) {
    const r = await syncPitrCopies(pitr.pitrTargetId, pitr.storageId, { signal: ctx.signal, clock: ctx.clock, retry: copyWithRetry(ctx.signal, `PITR copy of target ${pitr.pitrTargetId} to location ${pitr.storageId}`) }).catch((e: Error & { result?: unknown }) => {
      if (!ctx.signal.aborted) recordPitrCopyFailure(pitr.pitrTargetId!, pitr.storageId!, e.message, ctx.clock());
      throw e;
    });
    if (r.walFiles || r.baseBackups) console.log(`[lifeboat] PITR copy of target ${pitr.pitrTargetId} to location ${pitr.storageId}: ${r.walFiles} WAL file(s), ${r.baseBackups} base backup(s)`);
    return;
  }
  const copyId = Number(task.params?.runCopyId);
  if (!Number.isInteger(copyId)) throw new Error(`copy task ${task.id} names no copy`);
  await performCopy(copyId, ctx.signal, ctx.clock);
});

/**
 * An offsite copy of one run's artifact to one location (lib/engine/copies/). Its task has no
 * target, so it never holds one: the next backup of the target starts while it runs. One copy
 * runs at a time (the others wait queued), so copies never take every slot of the queue.
 * Recovery: a copy a crash stopped is queued again (its partial upload discarded first). A PITR
 * batch (params { pitrTargetId, storageId }) copies a target's WAL and base backups to one
 * location; one a crash stopped is queued again by the PITR supervisor's next look.
 */
export const copyKind: TaskKind = {
  ...base,
  queued: (db) => {
    const running = db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.kind, COPY_KIND), eq(tasks.status, "running"))).get();
    return running ? [] : base.queued(db);
  },
  recover: (now) => [...base.recover(now), ...requeueStrandedCopies(now).map((id) => `copy ${id} queued again`)],
};
