import { getDb } from "../../db/client";
import type { Schedule } from "../../db/schema";
import { requirePermission, type Actor } from "../../auth/actor";
import { loadScheduleRow, setScheduleEnabled, updateSchedule } from "./save";
import type { ScheduleInput } from "./schemas";

/** The fields a partial change may name (the schedule form's fields). */
export const SCHEDULE_PATCH_FIELDS = [
  "targetId",
  "purpose",
  "kind",
  "minute",
  "hour",
  "weekday",
  "dayOfMonth",
  "cronExpr",
  "timezone",
  "graceMinutes",
  "enabled",
  "catchUp",
  "retryMax",
  "retryBackoffMinutes",
] as const satisfies readonly (keyof Schedule)[];

export type SchedulePatch = Partial<Record<(typeof SCHEDULE_PATCH_FIELDS)[number], unknown>>;

/**
 * Change some fields of a schedule; what is absent keeps its value. Turning a schedule on or off
 * alone is an operator's right (as in the UI); anything else is an admin's, checked again by
 * updateSchedule on the merged rule.
 */
export function patchSchedule(actor: Actor, id: number, patch: SchedulePatch, now: Date = new Date()): Schedule {
  const keys = Object.keys(patch).filter((k) => patch[k as keyof SchedulePatch] !== undefined);
  if (keys.length === 1 && keys[0] === "enabled" && typeof patch.enabled === "boolean") {
    return setScheduleEnabled(actor, id, patch.enabled, now);
  }
  requirePermission(actor, "manage");
  const current = loadScheduleRow(getDb(), actor, id);
  const merged: ScheduleInput = {};
  for (const f of SCHEDULE_PATCH_FIELDS) merged[f] = patch[f] !== undefined ? patch[f] : current[f];
  return updateSchedule(actor, id, merged, now);
}
