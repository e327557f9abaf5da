import { inArray, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../db/client";
import { schedules, targets, type RunStatus } from "../db/schema";
import { overdueInfo, targetStatus, type OverdueInfo, type StatusSchedule, type StatusTargetFacts, type TargetStatus } from "./target-status";

export interface TargetStatusInfo {
  status: TargetStatus;
  overdue: OverdueInfo | null;
  /** As stored by the scheduler when it recorded the overdue event (null while not overdue). */
  overdueSince: Date | null;
  lastSuccessStartedAt: Date | null;
}

const FINISHED: RunStatus[] = ["success", "partial", "failed", "interrupted"];

/**
 * Status of many targets in four queries (targets, schedules, one aggregate over runs, the newest
 * finished run per target). Pass ids to limit; omit for every target.
 */
export function loadTargetStatuses(now: Date = new Date(), ids?: number[], db: DbOrTx = getDb()): Map<number, TargetStatusInfo> {
  const out = new Map<number, TargetStatusInfo>();
  if (ids && ids.length === 0) return out;
  const tRows = db
    .select({ id: targets.id, enabled: targets.enabled, overdueSince: targets.overdueSince })
    .from(targets)
    .where(ids ? inArray(targets.id, ids) : undefined)
    .all();
  if (tRows.length === 0) return out;
  const sRows = db.select().from(schedules).where(ids ? inArray(schedules.targetId, ids) : undefined).all();
  const idList = sql.join(tRows.map((t) => sql`${t.id}`), sql`, `);
  const agg = db.all<{ target_id: number; active: number; last_success: number | null }>(sql`
    select target_id,
           max(case when status in ('queued', 'running') then 1 else 0 end) as active,
           max(case when status = 'success' then coalesce(started_at, queued_at) end) as last_success
    from runs where target_id in (${idList}) group by target_id`);
  const finished = sql.join(FINISHED.map((s) => sql`${s}`), sql`, `);
  const last = db.all<{ target_id: number; status: RunStatus }>(sql`
    select r.target_id, r.status from runs r
    where r.target_id in (${idList})
      and r.id = (select max(r2.id) from runs r2 where r2.target_id = r.target_id and r2.status in (${finished}))`);

  const aggBy = new Map(agg.map((a) => [a.target_id, a]));
  const lastBy = new Map(last.map((l) => [l.target_id, l.status]));
  const schedBy = new Map<number, StatusSchedule[]>();
  for (const s of sRows) {
    const list = schedBy.get(s.targetId) ?? [];
    list.push(s);
    schedBy.set(s.targetId, list);
  }
  for (const t of tRows) {
    const a = aggBy.get(t.id);
    const facts: StatusTargetFacts = {
      enabled: t.enabled,
      active: Boolean(a?.active),
      lastSuccessStartedAt: a?.last_success != null ? new Date(a.last_success) : null,
      lastFinishedStatus: lastBy.get(t.id) ?? null,
    };
    const sch = schedBy.get(t.id) ?? [];
    out.set(t.id, {
      status: targetStatus(facts, sch, now),
      overdue: overdueInfo(facts, sch, now),
      overdueSince: t.overdueSince,
      lastSuccessStartedAt: facts.lastSuccessStartedAt,
    });
  }
  return out;
}

/** One target's status (for a detail page or an API response). */
export function loadTargetStatus(targetId: number, now: Date = new Date(), db: DbOrTx = getDb()): TargetStatusInfo | null {
  return loadTargetStatuses(now, [targetId], db).get(targetId) ?? null;
}
