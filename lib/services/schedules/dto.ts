import type { Schedule } from "../../db/schema";
import type { ScheduleLastRun } from "../../engine/status/schedule-last-run";
import { describeRule } from "../../engine/scheduler/describe";
import type { TargetStatus } from "../../engine/status/target-status";

export interface ScheduleDto {
  id: number;
  targetId: number;
  targetName: string;
  /** The target's type: an external target's schedule is only watched (its script runs itself). */
  targetType: string;
  appName: string;
  targetEnabled: boolean;
  purpose: "backup" | "test_restore";
  kind: Schedule["kind"];
  minute: number | null;
  hour: number | null;
  weekday: number | null;
  dayOfMonth: number | null;
  cronExpr: string | null;
  timezone: string;
  graceMinutes: number;
  enabled: boolean;
  catchUp: boolean;
  retryMax: number;
  retryBackoffMinutes: number;
  /** The rule in words, e.g. "every day at 02:00, Asia/Ho_Chi_Minh". */
  description: string;
  nextRunAt: string | null;
  /** Decided by lib/engine/status/schedule-last-run.ts (the target's newest counted run for a backup schedule). */
  lastRun: ScheduleLastRun | null;
  /** The target's status word (ok/failed/overdue/running/never/paused). */
  targetStatus: TargetStatus | null;
  /** While the target is overdue: since when, and the slot it waits for. */
  overdueSince: string | null;
  expectedAt: string | null;
}

export function toScheduleDto(
  s: Schedule,
  extra: {
    targetName: string;
    targetType?: string;
    appName: string;
    targetEnabled: boolean;
    lastRun?: ScheduleDto["lastRun"];
    targetStatus?: TargetStatus | null;
    overdueSince?: string | null;
    expectedAt?: string | null;
  },
): ScheduleDto {
  return {
    id: s.id,
    targetId: s.targetId,
    targetName: extra.targetName,
    targetType: extra.targetType ?? "",
    appName: extra.appName,
    targetEnabled: extra.targetEnabled,
    purpose: s.purpose,
    kind: s.kind,
    minute: s.minute,
    hour: s.hour,
    weekday: s.weekday,
    dayOfMonth: s.dayOfMonth,
    cronExpr: s.cronExpr,
    timezone: s.timezone,
    graceMinutes: s.graceMinutes,
    enabled: s.enabled,
    catchUp: s.catchUp,
    retryMax: s.retryMax,
    retryBackoffMinutes: s.retryBackoffMinutes,
    description: describeRule(s),
    nextRunAt: s.nextRunAt ? s.nextRunAt.toISOString() : null,
    lastRun: extra.lastRun ?? null,
    targetStatus: extra.targetStatus ?? null,
    overdueSince: extra.overdueSince ?? null,
    expectedAt: extra.expectedAt ?? null,
  };
}

/** What the audit trail keeps of a schedule. */
export function auditView(s: Schedule) {
  return {
    targetId: s.targetId,
    purpose: s.purpose,
    kind: s.kind,
    rule: describeRule(s),
    graceMinutes: s.graceMinutes,
    enabled: s.enabled,
    catchUp: s.catchUp,
    retryMax: s.retryMax,
    retryBackoffMinutes: s.retryBackoffMinutes,
  };
}
