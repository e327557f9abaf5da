import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, type Run } from "../../db/schema";

const ENDED = new Set(["success", "partial", "failed", "cancelled", "interrupted"]);

/** Resolve when the run has ended (polls the row, so it also sees runs of another process). */
export async function waitForRun(runId: number, timeoutMs = 10 * 60_000): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = getDb().select().from(runs).where(eq(runs.id, runId)).get();
    if (!run) throw new Error(`Run ${runId} not found`);
    if (ENDED.has(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`Run ${runId} did not end within ${timeoutMs} ms (status ${run.status})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Wait up to `timeoutMs` for the run to leave queued/running (the API's `?wait=`): true when it
 * has ended, false when the time ran out or `signal` was aborted (the client went away). Reads
 * the row every 50 ms — a primary-key read, so waiting clients cost the console next to nothing,
 * unlike clients polling the whole HTTP route.
 */
export async function runEndedWithin(runId: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = getDb().select({ status: runs.status }).from(runs).where(eq(runs.id, runId)).get();
    if (!row || ENDED.has(row.status)) return true;
    if (Date.now() >= deadline || signal?.aborted) return false;
    await new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, deadline - Date.now()))));
  }
}
