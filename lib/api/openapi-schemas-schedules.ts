import { RUN_STATUSES, SCHEDULE_KINDS } from "../db/schema";

const nint = { type: ["integer", "null"] };
const ndate = { type: ["string", "null"], format: "date-time" };

/** The writable fields of a schedule: POST takes them (targetId and kind required), PATCH any of them. */
const scheduleFields = {
  targetId: { type: "integer" },
  kind: { type: "string", enum: [...SCHEDULE_KINDS], description: "manual: never due by itself (run it by hand or over the API)" },
  cron: { type: ["string", "null"], description: "kind cron: a 5-field expression (minute hour day-of-month month weekday), e.g. `30 2 * * 1-5`" },
  minute: { type: ["integer", "null"], minimum: 0, maximum: 59, description: "hourly, daily, weekly, monthly" },
  hour: { type: ["integer", "null"], minimum: 0, maximum: 23, description: "daily, weekly, monthly" },
  weekday: { type: ["integer", "null"], minimum: 0, maximum: 6, description: "weekly: 0 = Sunday … 6 = Saturday" },
  dayOfMonth: { type: ["integer", "null"], minimum: 1, maximum: 31, description: "monthly; months without that day are skipped" },
  timezone: { type: ["string", "null"], description: "IANA name, e.g. Asia/Ho_Chi_Minh; absent or null: the console default (Settings)" },
  graceMinutes: { type: "integer", minimum: 0, maximum: 10080, default: 60, description: "How long after a slot the target may go without a successful run before it is overdue" },
  enabled: { type: "boolean", default: true },
  purpose: { type: "string", enum: ["backup", "test_restore"], default: "backup", description: "test_restore: restores the newest artifact into a scratch place and checks it" },
  catchUp: { type: "boolean", default: false, description: "Run one missed slot at start-up" },
  retryMax: { type: "integer", minimum: 0, maximum: 10, default: 0, description: "Automatic retries of a failed scheduled run" },
  retryBackoffMinutes: { type: "integer", minimum: 1, maximum: 1440, default: 5, description: "First retry delay; it doubles each time" },
};

/** Schedule schemas of the API v1 document. */
export const scheduleSchemas = {
  Schedule: {
    type: "object",
    additionalProperties: false,
    required: [
      "id",
      "targetId",
      "purpose",
      "kind",
      "cron",
      "minute",
      "hour",
      "weekday",
      "dayOfMonth",
      "timezone",
      "graceMinutes",
      "enabled",
      "catchUp",
      "retryMax",
      "nextRunAt",
      "lastRunAt",
      "lastRunStatus",
    ],
    properties: {
      id: { type: "integer" },
      targetId: { type: "integer" },
      purpose: scheduleFields.purpose,
      kind: scheduleFields.kind,
      cron: scheduleFields.cron,
      minute: nint,
      hour: nint,
      weekday: nint,
      dayOfMonth: nint,
      timezone: { type: "string" },
      graceMinutes: { type: "integer" },
      enabled: { type: "boolean" },
      catchUp: { type: "boolean" },
      retryMax: { type: "integer" },
      nextRunAt: { ...ndate, description: "null while disabled or for manual schedules" },
      lastRunAt: { ...ndate, description: "When this schedule's newest run started" },
      lastRunStatus: { type: ["string", "null"], enum: [...RUN_STATUSES, null] },
    },
  },
  ScheduleInput: {
    type: "object",
    additionalProperties: false,
    required: ["targetId", "kind"],
    properties: scheduleFields,
  },
  SchedulePatch: {
    type: "object",
    additionalProperties: false,
    description: "Any fields of ScheduleInput; what is absent keeps its value. `{ \"enabled\": … }` alone needs an operator, anything else an admin.",
    properties: scheduleFields,
  },
} as const;
