import { Cron } from "croner";
import { CronExpressionParser } from "cron-parser";
import type { ScheduleKind } from "../../db/schema";
import { isValidTimezone } from "../../settings/timezone";

/** The timing part of a schedule row (what decides when it is due). */
export interface ScheduleRule {
  kind: ScheduleKind;
  minute?: number | null;
  hour?: number | null;
  weekday?: number | null;
  dayOfMonth?: number | null;
  cronExpr?: string | null;
  timezone: string;
}

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

function intIn(v: number | null | undefined, min: number, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

/** Why a cron expression is not a valid 5-field expression, or null when it is. */
export function cronError(expr: string | null | undefined): string | null {
  const text = (expr ?? "").trim();
  if (!text) return "Enter a cron expression (5 fields: minute hour day-of-month month weekday)";
  const parts = text.split(/\s+/);
  if (parts.length !== 5) {
    return `A cron expression has exactly 5 fields (minute hour day-of-month month weekday); this one has ${parts.length}`;
  }
  // Two parsers: cron-parser gives clear range messages, croner is what computes the slots.
  try {
    CronExpressionParser.parse(text);
  } catch (e) {
    return `Invalid cron expression: ${(e as Error).message}`;
  }
  try {
    new Cron(text, { mode: "5-part", paused: true });
  } catch (e) {
    return `Invalid cron expression: ${(e as Error).message.replace(/^CronPattern:\s*/, "")}`;
  }
  return null;
}

/** Field → message for everything wrong with a rule (empty when valid). */
export function ruleErrors(rule: ScheduleRule): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isValidTimezone(rule.timezone)) {
    errors.timezone = `Unknown timezone "${rule.timezone}" (use an IANA name such as Asia/Ho_Chi_Minh or Europe/Berlin)`;
  }
  const needsMinute = ["hourly", "daily", "weekly", "monthly"].includes(rule.kind);
  const needsHour = ["daily", "weekly", "monthly"].includes(rule.kind);
  if (needsMinute && !intIn(rule.minute, 0, 59)) errors.minute = "Minute must be a whole number from 0 to 59";
  if (needsHour && !intIn(rule.hour, 0, 23)) errors.hour = "Hour must be a whole number from 0 to 23";
  if (rule.kind === "weekly" && !intIn(rule.weekday, 0, 6)) errors.weekday = "Pick a weekday";
  if (rule.kind === "monthly" && !intIn(rule.dayOfMonth, 1, 31)) errors.dayOfMonth = "Day of month must be from 1 to 31";
  if (rule.kind === "cron") {
    const msg = cronError(rule.cronExpr);
    if (msg) errors.cronExpr = msg;
  }
  return errors;
}

/** The rule as a 5-field cron expression; null for manual (never scheduled). Assumes a valid rule. */
export function toCronExpression(rule: ScheduleRule): string | null {
  const m = rule.minute ?? 0;
  const h = rule.hour ?? 0;
  switch (rule.kind) {
    case "hourly":
      return `${m} * * * *`;
    case "daily":
      return `${m} ${h} * * *`;
    case "weekly":
      return `${m} ${h} * * ${rule.weekday ?? 0}`;
    case "monthly":
      return `${m} ${h} ${rule.dayOfMonth ?? 1} * *`;
    case "cron":
      return (rule.cronExpr ?? "").trim();
    case "manual":
      return null;
  }
}
