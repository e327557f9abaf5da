import { Cron } from "croner";
import { ruleErrors, toCronExpression, type ScheduleRule } from "./rule";

/** A croner job used only for date arithmetic (paused: it never fires). Null for manual/invalid rules. */
function cronOf(rule: ScheduleRule): Cron | null {
  if (Object.keys(ruleErrors(rule)).length > 0) return null;
  const expr = toCronExpression(rule);
  if (!expr) return null;
  // domAndDow false = classic cron OR-logic when both day fields are restricted.
  return new Cron(expr, { timezone: rule.timezone, mode: "5-part", paused: true, domAndDow: false });
}

/**
 * The most recent slot at or before `now` (in the rule's timezone), or null when the rule never
 * fires (manual) or has not fired in the searched past.
 */
export function latestSlot(rule: ScheduleRule, now: Date): Date | null {
  const cron = cronOf(rule);
  if (!cron) return null;
  // croner's previousRuns excludes a run exactly at the reference, hence +1 ms (slots are whole minutes).
  const [prev] = cron.previousRuns(1, new Date(now.getTime() + 1));
  if (!prev || prev.getTime() > now.getTime()) return null;
  return prev;
}

/** The next `n` slots strictly after `from`. */
export function nextSlots(rule: ScheduleRule, from: Date, n = 5): Date[] {
  const cron = cronOf(rule);
  if (!cron) return [];
  return cron.nextRuns(n, from);
}

export function nextSlot(rule: ScheduleRule, from: Date): Date | null {
  return nextSlots(rule, from, 1)[0] ?? null;
}
