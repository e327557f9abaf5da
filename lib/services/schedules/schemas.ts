import { z } from "zod";
import { SCHEDULE_KINDS } from "../../db/schema";
import { ruleErrors } from "../../engine/scheduler/rule";

// Form fields arrive as strings; "" means "not set".
const optInt = z.preprocess(
  (v) => (v === "" || v === undefined || v === null ? null : typeof v === "string" ? Number(v) : v),
  z.number({ error: "Enter a whole number" }).int("Enter a whole number").nullable(),
);
const int = (min: number, max: number, fallback: number) =>
  z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? fallback : typeof v === "string" ? Number(v) : v),
    z.number({ error: "Enter a whole number" }).int("Enter a whole number").min(min, `At least ${min}`).max(max, `At most ${max}`),
  );

/** The timing fields alone (used by the live preview). */
export const ruleInput = z.object({
  kind: z.enum(SCHEDULE_KINDS),
  minute: optInt,
  hour: optInt,
  weekday: optInt,
  dayOfMonth: optInt,
  cronExpr: z.string().trim().max(200).nullish().transform((v) => v || null),
  /** Blank → the console default timezone (filled in by the service). */
  timezone: z.string().trim().max(64).nullish().transform((v) => v || null),
});
/** Raw form values (strings or numbers); the schema parses them. */
export type RuleInput = Record<string, unknown>;

export const scheduleFields = ruleInput.extend({
  targetId: z.coerce.number().int().positive("Pick a target"),
  purpose: z.enum(["backup", "test_restore"]).default("backup"),
  graceMinutes: int(0, 10_080, 60),
  enabled: z.boolean().default(true),
  catchUp: z.boolean().default(false),
  retryMax: int(0, 10, 0),
  retryBackoffMinutes: int(1, 1440, 5),
});
export type ScheduleInput = Record<string, unknown>;
export type ScheduleData = z.output<typeof scheduleFields>;

/** Rule checks beside each field (timezone must be resolved first). */
export function checkRule(data: z.output<typeof ruleInput> & { timezone: string }): Record<string, string> {
  return ruleErrors({ ...data, timezone: data.timezone });
}
