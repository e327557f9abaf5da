import type { RunStatus } from "../db/schema";
import { latestSlot, nextSlot } from "../scheduler/slots";
import type { ScheduleRule } from "../scheduler/rule";

/** THE status word shown everywhere (UI, API `status`, dashboard, metrics). */
export const TARGET_STATUSES = ["ok", "failed", "overdue", "running", "never", "paused"] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** What the status of one target is computed from (see loadTargetStatuses for the batch query). */
export interface StatusTargetFacts {
  enabled: boolean;
  /** Status of the newest finished run (success/partial/failed/interrupted; cancelled runs do not count). */
  lastFinishedStatus: RunStatus | null;
  /** A run is queued or running now. */
  active: boolean;
  /** Start of the newest successful run (a report counts too). */
  lastSuccessStartedAt: Date | null;
}

export interface StatusSchedule extends ScheduleRule {
  id?: number;
  enabled: boolean;
  graceMinutes: number;
  purpose?: string;
}

export interface OverdueInfo {
  scheduleId: number | null;
  /** The due slot no successful run has served. */
  slot: Date;
  /** slot + grace: the moment the target became overdue for this slot. */
  deadline: Date;
}

/** Schedules that promise backups: enabled, not manual, purpose backup. */
function promising(s: StatusSchedule): boolean {
  return s.enabled && s.kind !== "manual" && (s.purpose ?? "backup") === "backup";
}

/**
 * Overdue: for some enabled backup schedule, its most recent due slot plus the grace period has
 * passed and no successful run started at or after that slot. No schedule → never overdue; a
 * disabled target is paused, not overdue. Returns the earliest deadline among overdue schedules.
 */
export function overdueInfo(target: Pick<StatusTargetFacts, "enabled" | "lastSuccessStartedAt">, schedules: StatusSchedule[], now: Date): OverdueInfo | null {
  if (!target.enabled) return null;
  let found: OverdueInfo | null = null;
  for (const s of schedules) {
    if (!promising(s)) continue;
    const slot = latestSlot(s, now);
    if (!slot) continue;
    const deadline = new Date(slot.getTime() + Math.max(0, s.graceMinutes) * 60_000);
    if (deadline.getTime() > now.getTime()) continue;
    const served = target.lastSuccessStartedAt && target.lastSuccessStartedAt.getTime() >= slot.getTime();
    if (served) continue;
    if (!found || deadline < found.deadline) found = { scheduleId: s.id ?? null, slot, deadline };
  }
  return found;
}

/**
 * When the target's next backup is due: the earliest next slot among its promising schedules.
 * Null for a disabled target or one with only manual/disabled schedules.
 */
export function nextBackupAt(target: Pick<StatusTargetFacts, "enabled">, schedules: StatusSchedule[], now: Date): Date | null {
  if (!target.enabled) return null;
  let next: Date | null = null;
  for (const s of schedules) {
    if (!promising(s)) continue;
    const slot = nextSlot(s, now);
    if (slot && (!next || slot < next)) next = slot;
  }
  return next;
}

export function isOverdue(target: Pick<StatusTargetFacts, "enabled" | "lastSuccessStartedAt">, schedules: StatusSchedule[], now: Date): boolean {
  return overdueInfo(target, schedules, now) !== null;
}

/** A disabled target, or one whose scheduled (non-manual) backup schedules are all disabled. */
export function isPaused(target: Pick<StatusTargetFacts, "enabled">, schedules: StatusSchedule[]): boolean {
  if (!target.enabled) return true;
  const scheduled = schedules.filter((s) => s.kind !== "manual" && (s.purpose ?? "backup") === "backup");
  return scheduled.length > 0 && scheduled.every((s) => !s.enabled);
}

/** Precedence: running > paused > overdue > failed > ok > never. */
export function targetStatus(target: StatusTargetFacts, schedules: StatusSchedule[], now: Date): TargetStatus {
  if (target.active) return "running";
  if (isPaused(target, schedules)) return "paused";
  if (isOverdue(target, schedules, now)) return "overdue";
  switch (target.lastFinishedStatus) {
    case null:
      return "never";
    case "success":
      return "ok";
    default:
      return "failed";
  }
}
