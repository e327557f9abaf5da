import { and, eq } from "drizzle-orm";
import { tasks } from "../../../db/schema";
import { COPY_KIND, requeueStrandedCopies } from "../../copies/copy-rows";
import { performCopy } from "../../copies/copy-task";
import { rowTaskKind } from "../row-kind";
import type { TaskKind } from "../task-kind";

const base = rowTaskKind(COPY_KIND, async (ctx, task) => {
  const copyId = Number(task.params?.runCopyId);
  if (!Number.isInteger(copyId)) throw new Error(`copy task ${task.id} names no copy`);
  await performCopy(copyId, ctx.signal, ctx.clock);
});

/**
 * An offsite copy of one run's artifact to one location (lib/engine/copies/). Its task has no
 * target, so it never holds one: the next backup of the target starts while it runs. One copy
 * runs at a time (the others wait queued), so copies never take every slot of the queue.
 * Recovery: a copy a crash stopped is queued again (its partial upload discarded first).
 */
export const copyKind: TaskKind = {
  ...base,
  queued: (db) => {
    const running = db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.kind, COPY_KIND), eq(tasks.status, "running"))).get();
    return running ? [] : base.queued(db);
  },
  recover: (now) => [...base.recover(now), ...requeueStrandedCopies(now).map((id) => `copy ${id} queued again`)],
};
