import { and, asc, eq, not, notInArray, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { getSettings } from "../../settings/settings";
import { markRunning } from "../runs/record";
import { activeRuns } from "./active";
import { now } from "../clock";
import { executeRun } from "../tasks/backup";
import { runLogPath } from "../process/run-log";
import { blockedByRestore } from "./restore-guard";

/**
 * The in-process queue: start queued runs oldest first while fewer than maxParallelRuns run here
 * (read at every dequeue, so a settings change applies at once), never two runs of one target, and
 * never a run of a target being restored (except that restore's own safety backup). enqueueRun
 * already refuses those; this guard covers a restore queued by another process in between. Nothing
 * kicks the queue when a restore ends, so while a run waits on one the queue looks again shortly.
 */
export function kickQueue(): void {
  const db = getDb();
  for (;;) {
    const limit = getSettings().maxParallelRuns;
    if (activeRuns.size >= limit) return;
    // Pick and claim under one write lock, so no restore (or other process) slips in between.
    const next = db.transaction(
      (tx) => {
        const row = tx
          .select({ id: runs.id })
          .from(runs)
          .where(and(eq(runs.status, "queued"), notInArray(runs.targetId, busyTargets()), not(blockedByRestore)))
          .orderBy(asc(runs.id))
          .get();
        if (!row) return null;
        return { id: row.id, claimed: markRunning(row.id, now(), runLogPath(row.id), tx) };
      },
      { behavior: "immediate" },
    );
    if (!next) {
      if (waitingOnRestore()) recheckSoon();
      return;
    }
    if (!next.claimed) continue;
    const ac = new AbortController();
    activeRuns.set(next.id, ac);
    void executeRun(next.id, ac)
      .catch((e) => console.error(`[lifeboat] run ${next.id} crashed in the runner`, e))
      .finally(() => {
        activeRuns.delete(next.id);
        kickQueue();
      });
  }
}

const RECHECK_MS = 5000;
const g = globalThis as unknown as { __lifeboatQueueRecheck?: NodeJS.Timeout | null };

const busyTargets = () => sql`(select ${runs.targetId} from ${runs} where ${runs.status} = 'running')`;

function waitingOnRestore(): boolean {
  return !!getDb()
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.status, "queued"), notInArray(runs.targetId, busyTargets()), blockedByRestore))
    .get();
}

function recheckSoon(): void {
  if (g.__lifeboatQueueRecheck) return;
  g.__lifeboatQueueRecheck = setTimeout(() => {
    g.__lifeboatQueueRecheck = null;
    kickQueue();
  }, RECHECK_MS);
  g.__lifeboatQueueRecheck.unref();
}
