import { and, asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, schedules, targets } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { requirePermission, actorAppScope, type Actor } from "../../auth/actor";
import { loadTargetStatuses } from "../../engine/status/load-statuses";
import { scheduleLastRuns } from "../../engine/status/schedule-last-run";
import { statusSummary } from "../../engine/status/status-summary";
import { appTargetChoices } from "../targets/choices";
import { toScheduleDto, type ScheduleDto } from "./dto";

/**
 * Every schedule (or one target's), with its target, last run and the target's status, all from
 * the status loader (lib/engine/status): the words the target's own row shows.
 */
export function listSchedules(actor: Actor, opts: { targetId?: number; now?: Date } = {}): ScheduleDto[] {
  requirePermission(actor, "read");
  const db = getDb();
  const scope = actorAppScope(actor);
  const rows = db
    .select({ s: schedules, targetName: targets.name, targetType: targets.type, targetEnabled: targets.enabled, appId: apps.id, appName: apps.name })
    .from(schedules)
    .innerJoin(targets, eq(targets.id, schedules.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(opts.targetId ? eq(schedules.targetId, opts.targetId) : undefined)
    .orderBy(asc(apps.name), asc(targets.name), asc(schedules.id))
    .all()
    .filter((r) => !scope || scope.includes(r.appId));
  if (rows.length === 0) return [];
  const now = opts.now ?? new Date();
  const statuses = loadTargetStatuses(now, [...new Set(rows.map((r) => r.s.targetId))]);
  const lastRuns = scheduleLastRuns(rows.map((r) => r.s), now, statuses);
  return rows.map((r) => {
    const words = statusSummary(statuses.get(r.s.targetId));
    return toScheduleDto(r.s, {
      targetName: r.targetName,
      targetType: r.targetType,
      appName: r.appName,
      targetEnabled: r.targetEnabled,
      lastRun: lastRuns.get(r.s.id) ?? null,
      targetStatus: words.status,
      overdueSince: words.overdueSince,
      expectedAt: words.expectedAt,
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
