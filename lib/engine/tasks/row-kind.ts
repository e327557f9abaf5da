import type { Task } from "../../db/schema";
import { engineState } from "./engine-state";
import { cancelQueuedTask, claimTask, finishTask, interruptOrphanedTasks, queuedTasks, runningTaskHolders, taskRow } from "./task-rows";
import { taskKey, type TaskContext, type TaskKind } from "./task-kind";

export class TaskCancelled extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskCancelled";
  }
}

/**
 * A TaskKind whose items are rows of the generic `tasks` table: queue, claim, cancel and recovery
 * come from here; the kind file supplies only its work. A throw ends the item `failed` with the
 * message; an abort ends it `cancelled`.
 */
export function rowTaskKind(name: string, work: (ctx: TaskContext, task: Task) => Promise<void> | void): TaskKind {
  return {
    name,
    queued: (db) => queuedTasks(db, name),
    holders: (db) => runningTaskHolders(db, name),
    claim: claimTask,
    run: async (ctx) => {
      let status: "done" | "failed" | "cancelled" = "done";
      let error: string | null = null;
      try {
        await work(ctx, taskRow(ctx.id));
        if (ctx.signal.aborted) throw ctx.signal.reason;
      } catch (e) {
        status = ctx.signal.aborted ? "cancelled" : "failed";
        error = (e as Error)?.message ?? String(e);
        if (status === "failed") console.error(`[lifeboat] ${name} task ${ctx.id} failed`, e);
      }
      finishTask(ctx.id, status, error, ctx.clock());
    },
    cancelQueued: cancelQueuedTask,
    cancelError: (reason) => new TaskCancelled(reason),
    recover: (now) => {
      const active = engineState().active;
      return interruptOrphanedTasks(name, (id) => active.has(taskKey(name, id)), now).map((id) => `${name} task ${id} interrupted`);
    },
  };
}
