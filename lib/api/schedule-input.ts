import { z } from "zod";
import { SCHEDULE_KINDS } from "../db/schema";
import type { SchedulePatch } from "../services/schedules/patch";

// JSON bodies carry real types (the form's string coercion is not wanted here); ranges and the
// rule itself are checked by the service, with the same messages the form shows.
const optInt = z.number("Enter a whole number").int("Enter a whole number").nullable().optional();

const fields = {
  kind: z.enum(SCHEDULE_KINDS, `kind must be one of ${SCHEDULE_KINDS.join(", ")}`),
  /** A 5-field cron expression (kind "cron"). */
  cron: z.string().max(200).nullable().optional(),
  minute: optInt,
  hour: optInt,
  weekday: optInt,
  dayOfMonth: optInt,
  timezone: z.string().max(64).nullable().optional(),
  graceMinutes: z.number().int("Enter a whole number").optional(),
  enabled: z.boolean().optional(),
  purpose: z.enum(["backup", "test_restore"], "purpose must be backup or test_restore").optional(),
  catchUp: z.boolean().optional(),
  retryMax: z.number().int("Enter a whole number").optional(),
  retryBackoffMinutes: z.number().int("Enter a whole number").optional(),
};

/** POST /api/v1/schedules: unknown fields are refused (a typo must not be ignored silently). */
export const apiScheduleCreate = z.strictObject({ targetId: z.number("targetId must be a target id").int().positive(), ...fields });

/** PATCH /api/v1/schedules/{id}: any of the fields; what is absent keeps its value. */
export const apiSchedulePatch = z.strictObject({ targetId: z.number().int().positive().optional(), ...fields, kind: fields.kind.optional() });

/** API field names → the service's (only `cron` differs: the row calls it cronExpr). */
export function toServiceInput(body: z.infer<typeof apiSchedulePatch>): SchedulePatch {
  const { cron, ...rest } = body;
  return cron === undefined ? rest : { ...rest, cronExpr: cron };
}

/** The service calls the cron expression cronExpr. */
export const SCHEDULE_FIELD_NAMES = { cronExpr: "cron" };
