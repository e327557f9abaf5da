import type { ScheduleDto } from "../services/schedules/dto";

/** A schedule in the API v1 contract (issue 10): exactly these fields. */
export interface ApiSchedule {
  id: number;
  targetId: number;
  purpose: ScheduleDto["purpose"];
  kind: ScheduleDto["kind"];
  /** The 5-field expression of a `cron` schedule, else null. */
  cron: string | null;
  minute: number | null;
  hour: number | null;
  weekday: number | null;
  dayOfMonth: number | null;
  timezone: string;
  graceMinutes: number;
  enabled: boolean;
  catchUp: boolean;
  retryMax: number;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastRunStatus: string | null;
}

export function toApiSchedule(s: ScheduleDto): ApiSchedule {
  return {
    id: s.id,
    targetId: s.targetId,
    purpose: s.purpose,
    kind: s.kind,
    cron: s.cronExpr,
    minute: s.minute,
    hour: s.hour,
    weekday: s.weekday,
    dayOfMonth: s.dayOfMonth,
    timezone: s.timezone,
    graceMinutes: s.graceMinutes,
    enabled: s.enabled,
    catchUp: s.catchUp,
    retryMax: s.retryMax,
    nextRunAt: s.nextRunAt,
    lastRunAt: s.lastRun?.at ?? null,
    lastRunStatus: s.lastRun?.status ?? null,
  };
}
