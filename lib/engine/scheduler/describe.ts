import cronstrue from "cronstrue";
import { WEEKDAYS, type ScheduleRule } from "./rule";

const pad = (n: number | null | undefined) => String(n ?? 0).padStart(2, "0");

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${s}`;
}

/** The rule in words, e.g. "every day at 02:00, Asia/Ho_Chi_Minh". */
export function describeRule(rule: ScheduleRule): string {
  const at = `${pad(rule.hour)}:${pad(rule.minute)}`;
  const tz = rule.timezone;
  switch (rule.kind) {
    case "hourly":
      return `every hour at minute ${pad(rule.minute)}, ${tz}`;
    case "daily":
      return `every day at ${at}, ${tz}`;
    case "weekly":
      return `every ${WEEKDAYS[rule.weekday ?? 0] ?? "?"} at ${at}, ${tz}`;
    case "monthly": {
      const d = rule.dayOfMonth ?? 1;
      const skip = d > 28 ? " (months without that day are skipped)" : "";
      return `on the ${ordinal(d)} of every month at ${at}, ${tz}${skip}`;
    }
    case "cron":
      return describeCron((rule.cronExpr ?? "").trim(), tz);
    case "manual":
      return "manual only (never scheduled)";
  }
}

/** A cron rule in words (cronstrue), the expression kept beside them: "at 01:30, Monday through Friday (cron 30 1 * * 1-5), UTC". */
function describeCron(expr: string, tz: string): string {
  let words: string;
  try {
    words = cronstrue.toString(expr, { use24HourTimeFormat: true, throwExceptionOnParseError: true, verbose: false });
  } catch {
    return `cron "${expr}", ${tz}`;
  }
  return `${words.charAt(0).toLowerCase()}${words.slice(1)} (cron ${expr}), ${tz}`;
}
