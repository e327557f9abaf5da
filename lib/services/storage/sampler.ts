import { Cron } from "croner";
import { enqueueTask } from "../../engine/tasks/task-rows";
import { PRIORITY } from "../../engine/tasks/task-kind";
import { kickQueue } from "../../engine/queue/queue";

const g = globalThis as unknown as { __lifeboatStorageJob?: Cron };

function tick(): void {
  try {
    // The work is a task (lib/engine/tasks/kinds/storage-sample.ts): this timer only says when.
    enqueueTask({ kind: "storage-sample", priority: PRIORITY.sweep });
    kickQueue();
  } catch (e) {
    console.error("[lifeboat] could not queue the storage sample", e);
  }
}

/**
 * Hourly: the sample itself is daily (see recordStorageSamples), the forecast check is hourly so a
 * sudden drop is reported the same day. Started by lib/boot.ts (not with LIFEBOAT_SCHEDULER=off).
 */
export function startStorageSampler(): void {
  if (g.__lifeboatStorageJob) return;
  tick();
  g.__lifeboatStorageJob = new Cron("23 * * * *", { name: "storage-sampler", protect: true }, tick);
}
