import { eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { finishRun } from "../runs/record";
import { engineState } from "../tasks/engine-state";
import { now as clockNow } from "../clock";
import { listInflight, removeLeftovers } from "./inflight";

export const INTERRUPTED_MESSAGE = "The console restarted during the run, so it did not finish; no artifact was kept";

/**
 * At start-up: runs left queued or running by a crash or restart end `interrupted` (with the
 * target summary and a run.failed event), and the files they were writing are removed.
 */
export function recoverInterruptedRuns(now: Date = clockNow()): number[] {
  const db = getDb();
  const running = engineState().active;
  const activeRuns = { has: (id: number) => running.has(`backup:${id}`) };
  const stuck = db
    .select({ id: runs.id, status: runs.status })
    .from(runs)
    .where(inArray(runs.status, ["queued", "running"]))
    .all()
    .filter((r) => !activeRuns.has(r.id))
    .sort((a, b) => a.id - b.id);
  const inflight = new Map(listInflight().map((m) => [m.runId, m]));
  for (const r of stuck) {
    const m = inflight.get(r.id);
    const removed = m ? removeLeftovers(m) : [];
    finishRun(r.id, {
      status: "interrupted",
      finishedAt: now,
      errorSummary: `${INTERRUPTED_MESSAGE} (it was ${r.status}${removed.length ? `; removed ${removed.length} unfinished file(s)` : ""})`,
    });
  }
  // Markers of runs that were recorded as ended before the crash: only scratch files remain.
  for (const m of inflight.values()) {
    if (activeRuns.has(m.runId) || stuck.some((r) => r.id === m.runId)) continue;
    const run = db.select({ state: runs.artifactState }).from(runs).where(eq(runs.id, m.runId)).get();
    removeLeftovers(m, run?.state === "present");
  }
  return stuck.map((r) => r.id);
}
