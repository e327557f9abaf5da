import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { schedules, targets, type Schedule } from "../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";
import { getSettings } from "../../settings/settings";
import { checkRule, scheduleFields, type ScheduleInput } from "./schemas";
import { auditView } from "./dto";
import { computeNextRunAt } from "../../engine/scheduler/next-run";
import { refreshTargetStatus, refreshTargetStatuses } from "../../engine/status/stored";

/** Parse, fill defaults and check the rule; the row values for an insert or an update. */
function prepare(input: ScheduleInput) {
  const parsed = scheduleFields.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const i of parsed.error.issues) fieldErrors[i.path.join(".") || "_form"] ??= i.message;
    throw new ValidationError("Please fix the highlighted fields", fieldErrors);
  }
  const d = parsed.data;
  const timezone = d.timezone ?? getSettings().defaultTimezone;
  const errors = checkRule({ ...d, timezone });
  if (Object.keys(errors).length) throw new ValidationError("Please fix the highlighted fields", errors);
  // Keep only the fields the kind uses, so the row says what the rule means.
  const uses = (k: "minute" | "hour" | "weekday" | "dayOfMonth" | "cronExpr") =>
    ({
      minute: ["hourly", "daily", "weekly", "monthly"],
      hour: ["daily", "weekly", "monthly"],
      weekday: ["weekly"],
      dayOfMonth: ["monthly"],
      cronExpr: ["cron"],
    })[k].includes(d.kind);
  return {
    targetId: d.targetId,
    purpose: d.purpose,
    kind: d.kind,
    minute: uses("minute") ? d.minute : null,
    hour: uses("hour") ? d.hour : null,
    weekday: uses("weekday") ? d.weekday : null,
    dayOfMonth: uses("dayOfMonth") ? d.dayOfMonth : null,
    cronExpr: uses("cronExpr") ? d.cronExpr : null,
    timezone,
    graceMinutes: d.graceMinutes,
    enabled: d.enabled,
    catchUp: d.catchUp,
    retryMax: d.retryMax,
    retryBackoffMinutes: d.retryBackoffMinutes,
  };
}

const TIMING = ["kind", "minute", "hour", "weekday", "dayOfMonth", "cronExpr", "timezone"] as const;

/**
 * The overdue rule expects no backup from before a schedule promised it (lib/engine/status/target-status.ts):
 * enabled_at moves when a schedule is switched on again, or when its timing changes (the new rule
 * did not exist at the slots it would have had before).
 */
function startsPromising(before: Schedule, after: Pick<Schedule, (typeof TIMING)[number] | "enabled">): boolean {
  if (!after.enabled) return false;
  return !before.enabled || TIMING.some((k) => (before[k] ?? null) !== (after[k] ?? null));
}

/**
 * The target a schedule is for, as the actor may see it: a token limited to some apps finds other
 * apps' targets exactly as absent as missing ones (the check lives here, not only in the routes).
 */
function visibleTargetId(tx: DbOrTx, actor: Actor, targetId: number): number | null {
  const t = tx.select({ id: targets.id, appId: targets.appId }).from(targets).where(eq(targets.id, targetId)).get();
  const scope = actorAppScope(actor);
  return t && (!scope || scope.includes(t.appId)) ? t.id : null;
}

function requireTarget(tx: DbOrTx, actor: Actor, targetId: number): void {
  if (visibleTargetId(tx, actor, targetId) === null) throw new ValidationError("Pick a target", { targetId: "This target does not exist" });
}

/** The schedule row, or NotFound (also for a schedule of an app outside a token's scope). */
export function loadScheduleRow(tx: DbOrTx, actor: Actor, id: number): Schedule {
  const row = tx.select().from(schedules).where(eq(schedules.id, id)).get();
  if (!row || visibleTargetId(tx, actor, row.targetId) === null) throw new NotFoundError(`Schedule ${id} not found`);
  return row;
}

export function createSchedule(actor: Actor, input: ScheduleInput, now: Date = new Date()): Schedule {
  requirePermission(actor, "manage");
  const values = prepare(input);
  return getDb().transaction((tx) => {
    requireTarget(tx, actor, values.targetId);
    const row = tx
      .insert(schedules)
      .values({ ...values, nextRunAt: computeNextRunAt(values, now), enabledAt: now })
      .returning()
      .get();
    writeAudit(tx, actor, { action: "schedule.create", entityType: "schedule", entityId: row.id, after: auditView(row) }, now);
    refreshTargetStatus(row.targetId, tx);
    return row;
  });
}

export function updateSchedule(actor: Actor, id: number, input: ScheduleInput, now: Date = new Date()): Schedule {
  requirePermission(actor, "manage");
  const values = prepare(input);
  return getDb().transaction((tx) => {
    const before = loadScheduleRow(tx, actor, id);
    requireTarget(tx, actor, values.targetId);
    const row = tx
      .update(schedules)
      .set({ ...values, nextRunAt: computeNextRunAt(values, now), updatedAt: now, ...(startsPromising(before, values) ? { enabledAt: now } : {}) })
      .where(eq(schedules.id, id))
      .returning()
      .get();
    writeAudit(tx, actor, { action: "schedule.update", entityType: "schedule", entityId: id, before: auditView(before), after: auditView(row) }, now);
    refreshTargetStatuses([...new Set([before.targetId, row.targetId])], tx);
    return row;
  });
}

/** Enable or disable (operator+): takes effect on the scheduler's next tick. */
export function setScheduleEnabled(actor: Actor, id: number, enabled: boolean, now: Date = new Date()): Schedule {
  requirePermission(actor, "schedule.toggle");
  return getDb().transaction((tx) => {
    const before = loadScheduleRow(tx, actor, id);
    const row = tx
      .update(schedules)
      .set({ enabled, nextRunAt: computeNextRunAt({ ...before, enabled }, now), updatedAt: now, ...(enabled && !before.enabled ? { enabledAt: now } : {}) })
      .where(eq(schedules.id, id))
      .returning()
      .get();
    writeAudit(
      tx,
      actor,
      { action: enabled ? "schedule.enable" : "schedule.disable", entityType: "schedule", entityId: id, before: { enabled: before.enabled }, after: { enabled } },
      now,
    );
    refreshTargetStatus(row.targetId, tx);
    return row;
  });
}

export function deleteSchedule(actor: Actor, id: number, now: Date = new Date()): void {
  requirePermission(actor, "manage");
  getDb().transaction((tx) => {
    const before = loadScheduleRow(tx, actor, id);
    // Runs keep their row; schedule_id becomes null (ON DELETE SET NULL).
    tx.delete(schedules).where(eq(schedules.id, id)).run();
    writeAudit(tx, actor, { action: "schedule.delete", entityType: "schedule", entityId: id, before: auditView(before) }, now);
    refreshTargetStatus(before.targetId, tx);
  });
}
