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
