import { and, asc, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, schedules, targets, type RunStatus } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { requirePermission, actorAppScope, type Actor } from "../../auth/actor";
import { loadTargetStatuses } from "../../status/load-statuses";
import { appTargetChoices } from "../targets/choices";
import { toScheduleDto, type ScheduleDto } from "./dto";

/** Every schedule (or one target's), with its target, last run and the target's status. */
export function listSchedules(actor: Actor, opts: { targetId?: number; now?: Date } = {}): ScheduleDto[] {
  requirePermission(actor, "read");
  const db = getDb();
  const scope = actorAppScope(actor);
  const rows = db
    .select({ s: schedules, targetName: targets.name, targetEnabled: targets.enabled, appId: apps.id, appName: apps.name })
    .from(schedules)
    .innerJoin(targets, eq(targets.id, schedules.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(opts.targetId ? eq(schedules.targetId, opts.targetId) : undefined)
    .orderBy(asc(apps.name), asc(targets.name), asc(schedules.id))
    .all()
    .filter((r) => !scope || scope.includes(r.appId));
  if (rows.length === 0) return [];
  // The newest run of each schedule, in one query (runs_schedule_slot index covers schedule_id).
  const ids = sql.join(rows.map((r) => sql`${r.s.id}`), sql`, `);
  const lastRuns = db.all<{ id: number; schedule_id: number; status: RunStatus; at: number }>(sql`
    select r.id, r.schedule_id, r.status, coalesce(r.started_at, r.queued_at) as at from runs r
    where r.id in (select max(id) from runs where schedule_id in (${ids}) group by schedule_id)`);
  const lastBy = new Map(lastRuns.map((r) => [r.schedule_id, r]));
  const statuses = loadTargetStatuses(opts.now ?? new Date(), [...new Set(rows.map((r) => r.s.targetId))]);
  return rows.map((r) => {
    const lr = lastBy.get(r.s.id);
    return toScheduleDto(r.s, {
      targetName: r.targetName,
      appName: r.appName,
      targetEnabled: r.targetEnabled,
      lastRun: lr ? { id: lr.id, status: lr.status, at: new Date(lr.at).toISOString() } : null,
      targetStatus: statuses.get(r.s.targetId)?.status ?? null,
    });
  });
}

export function getSchedule(actor: Actor, id: number): ScheduleDto {
  requirePermission(actor, "read");
  const row = getDb().select({ targetId: schedules.targetId }).from(schedules).where(and(eq(schedules.id, id))).get();
  if (!row) throw new NotFoundError(`Schedule ${id} not found`);
  const found = listSchedules(actor, { targetId: row.targetId }).find((s) => s.id === id);
  if (!found) throw new NotFoundError(`Schedule ${id} not found`);
  return found;
}

/** Targets to pick from in the schedule form. */
export function listTargetChoices(actor: Actor): { id: number; label: string }[] {
  return appTargetChoices(actor).targets.map((t) => ({ id: t.id, label: `${t.appName} / ${t.name}` }));
}
