import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { runs } from "../db/schema";
import { getSettings } from "../services/settings/settings";
import { markRunning } from "../services/runs/record";
import { activeRuns } from "./active";
import { now } from "./clock";
import { executeRun } from "./execute";
import { runLogPath } from "./run-log";

/**
 * The in-process queue: start queued runs oldest first while fewer than maxParallelRuns run here
 * (read at every dequeue, so a settings change applies at once), never two runs of one target.
 */
export function kickQueue(): void {
  const db = getDb();
  for (;;) {
    const limit = getSettings().maxParallelRuns;
    if (activeRuns.size >= limit) return;
    const busyTargets = sql`(select ${runs.targetId} from ${runs} where ${runs.status} = 'running')`;
    const next = db
      .select({ id: runs.id })
      .from(runs)
      .where(and(eq(runs.status, "queued"), notInArray(runs.targetId, busyTargets)))
      .orderBy(asc(runs.id))
      .get();
    if (!next) return;
    const ac = new AbortController();
    activeRuns.set(next.id, ac);
    if (!markRunning(next.id, now(), runLogPath(next.id))) {
      activeRuns.delete(next.id);
      continue;
    }
    void executeRun(next.id, ac)
      .catch((e) => console.error(`[lifeboat] run ${next.id} crashed in the runner`, e))
      .finally(() => {
        activeRuns.delete(next.id);
        kickQueue();
      });
  }
}
