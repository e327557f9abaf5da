import { and, desc, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, type Run, type Schedule } from "../../db/schema";

const RETRYABLE = new Set(["failed", "interrupted"]);

/** Back-off before retry number `attempt` of a slot: base * 2^(attempt-1) minutes (5, 10, 20 …). */
export function retryDelayMs(backoffMinutes: number, failedAttempt: number): number {
  return backoffMinutes * 2 ** Math.max(0, failedAttempt - 1) * 60_000;
}

/**
 * The failed run of this schedule that is due for an automatic retry at `now`, or null. Only the
 * schedule's newest run is considered (a later slot ends the chain), up to retryMax retries.
 */
export function dueRetry(s: Schedule, now: Date): Run | null {
  if (s.retryMax <= 0 || s.purpose !== "backup") return null;
  const db = getDb();
  const last = db.select().from(runs).where(eq(runs.scheduleId, s.id)).orderBy(desc(runs.id)).limit(1).get();
  if (!last || !RETRYABLE.has(last.status) || last.attempt > s.retryMax) return null;
  const finished = (last.finishedAt ?? last.queuedAt).getTime();
  if (finished + retryDelayMs(s.retryBackoffMinutes, last.attempt) > now.getTime()) return null;
  const already = db
    .select({ n: sql<number>`count(*)` })
    .from(runs)
    .where(and(eq(runs.retryOfRunId, last.id)))
    .get();
  return already && already.n > 0 ? null : last;
}
