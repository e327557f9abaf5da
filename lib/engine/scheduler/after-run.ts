import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, targets, type Run } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { recordEvent } from "../events";
import { SCHEDULER } from "../../audit/actor";
import { loadTargetStatus } from "../status/load-statuses";
import { countedTriggerSql, isCountedTrigger } from "../status/counted-runs";
import { clearOverdue } from "./overdue-transitions";

const FINISHED = ["success", "partial", "failed", "interrupted"] as const;
const BAD = new Set(["partial", "failed", "interrupted"]);

/**
 * A success after a failure, or one that ends an overdue spell, is a recovery: clear
 * overdue_since and record `target.recovered` (with its audit row) in one transaction. Only counted
 * runs: a safety backup or an upload says nothing about the target's own backups.
 */
export function noteRecovery(run: Run, now: Date = new Date()): boolean {
  if (run.status !== "success" || !isCountedTrigger(run.trigger)) return false;
  const db = getDb();
  const target = db.select({ overdueSince: targets.overdueSince }).from(targets).where(eq(targets.id, run.targetId)).get();
  if (!target) return false;
  if (target.overdueSince) {
    if (loadTargetStatus(run.targetId, now)?.overdue) return false; // this success did not serve the missed slot
    return clearOverdue(run.targetId, now, "recovered", run.id);
  }
  const prev = db
    .select({ status: runs.status })
    .from(runs)
    .where(and(eq(runs.targetId, run.targetId), lt(runs.id, run.id), inArray(runs.status, [...FINISHED]), countedTriggerSql(sql`${runs.trigger}`)))
    .orderBy(desc(runs.id))
    .limit(1)
    .get();
  if (!prev || !BAD.has(prev.status)) return false;
  db.transaction((tx) => {
    const payload = { runId: run.id, after: prev.status };
    recordEvent(tx, { type: "target.recovered", targetId: run.targetId, runId: run.id, payload, at: now });
    writeAudit(tx, SCHEDULER, { action: "target.recovered", entityType: "target", entityId: run.targetId, after: payload }, now);
  });
  return true;
}
