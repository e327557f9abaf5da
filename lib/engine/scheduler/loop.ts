import { Cron } from "croner";
import { setSchedulerState } from "../health";
import { Scheduler, type TickReport } from "./tick";
import type { Enqueue } from "./ports";

const g = globalThis as unknown as { __lifeboatScheduler?: { scheduler: Scheduler; job: Cron } };

function logReport(r: TickReport) {
  for (const e of r.enqueued) console.log(`[lifeboat] scheduler: run ${e.runId} for schedule ${e.scheduleId} (slot ${e.slot})`);
  for (const e of r.retried) console.log(`[lifeboat] scheduler: retry run ${e.runId} of run ${e.retryOf}`);
  for (const e of r.errors) console.error(`[lifeboat] scheduler: ${e}`);
}

/**
 * Start the process-wide loop: a croner job every minute (protect: a slow tick is not overlapped).
 * The first tick runs at once, so a catch-up slot starts right after start-up recovery.
 */
export async function startScheduler(enqueue: Enqueue, now: () => Date = () => new Date()): Promise<Scheduler> {
  if (g.__lifeboatScheduler) return g.__lifeboatScheduler.scheduler;
  const scheduler = new Scheduler(enqueue, now());
  const job = new Cron("* * * * *", { protect: true, name: "lifeboat-scheduler" }, async () => {
    logReport(await scheduler.tick(now()));
  });
  g.__lifeboatScheduler = { scheduler, job };
  setSchedulerState("running");
  logReport(await scheduler.tick(now()));
  return scheduler;
}

export function stopScheduler(): void {
  g.__lifeboatScheduler?.job.stop();
  g.__lifeboatScheduler = undefined;
  setSchedulerState("stopped");
}

/** The running instance (null when the loop is off), e.g. for a test-only route that drives time. */
export function runningScheduler(): Scheduler | null {
  return g.__lifeboatScheduler?.scheduler ?? null;
}
