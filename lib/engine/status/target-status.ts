import type { RunStatus } from "../../db/schema";
import { nextSlot } from "../scheduler/slots";
import type { ScheduleRule } from "../scheduler/rule";

/** THE status word shown everywhere (UI, API `status`, dashboard, metrics). */
export const TARGET_STATUSES = ["ok", "failed", "overdue", "running", "never", "paused"] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** What the status of one target is computed from (see loadTargetStatuses for the batch query). */
export interface StatusTargetFacts {
  enabled: boolean;
  /** Status of the newest finished counted run (success/partial/failed/interrupted; cancelled runs do not count). */
  lastFinishedStatus: RunStatus | null;
  /** A run is queued or running now. */
  active: boolean;
  /** Start of the newest counted successful run (see counted-runs.ts: uploads and safety backups do not count). */
  lastSuccessStartedAt: Date | null;
}

export interface StatusSchedule extends ScheduleRule {
  id?: number;
  enabled: boolean;
  graceMinutes: number;
  purpose?: string;
  /** When the schedule was created or last enabled: it promises no backup before this moment. */
  activeSince: Date;
}

export interface OverdueInfo {
  scheduleId: number | null;
  /** The expected slot no counted successful run has served. */
  slot: Date;
  /** slot + grace: the moment the target became overdue (the episode's "overdue since"). */
  deadline: Date;
}

/** Schedules that promise backups: enabled, not manual, purpose backup. */
function promising(s: StatusSchedule): boolean {
  return s.enabled && s.kind !== "manual" && (s.purpose ?? "backup") === "backup";
}

/**
 * The backup one schedule expects next (Healthchecks' rule). The reference is the start of the
 * newest counted successful run, or the moment the schedule was created or last enabled when no
 * success came since; the expected slot is the first slot strictly after the reference, due by
 * slot + grace. Until a success starts at or after that slot the reference does not move, so one
 * missed backup is one overdue episode however many slots pass, whatever the grace.
 */
export function expectationOf(s: StatusSchedule, lastSuccessStartedAt: Date | null): OverdueInfo | null {
  if (!promising(s)) return null;
  const since = s.activeSince.getTime();
  const reference = lastSuccessStartedAt && lastSuccessStartedAt.getTime() > since ? lastSuccessStartedAt : s.activeSince;
  const slot = nextSlot(s, reference);
  if (!slot) return null;
  return { scheduleId: s.id ?? null, slot, deadline: new Date(slot.getTime() + Math.max(0, s.graceMinutes) * 60_000) };
}

function expectations(target: Pick<StatusTargetFacts, "enabled" | "lastSuccessStartedAt">, schedules: StatusSchedule[]): OverdueInfo[] {
  if (!target.enabled) return [];
  return schedules.map((s) => expectationOf(s, target.lastSuccessStartedAt)).filter((e): e is OverdueInfo => e !== null);
}

function earliestOverdue(exps: OverdueInfo[], now: Date): OverdueInfo | null {
  let found: OverdueInfo | null = null;
  for (const e of exps) {
    if (e.deadline.getTime() > now.getTime()) continue;
    if (!found || e.deadline < found.deadline) found = e;
  }
  return found;
}

function earliestSlot(exps: OverdueInfo[]): Date | null {
  let next: Date | null = null;
  for (const e of exps) if (!next || e.slot < next) next = e.slot;
  return next;
}

/**
 * Overdue: some enabled backup schedule's expected slot + grace has passed (see expectationOf).
 * No schedule → never overdue; a disabled target is paused, not overdue. Returns the earliest
 * deadline among the overdue schedules: the moment the episode began.
 */
export function overdueInfo(target: Pick<StatusTargetFacts, "enabled" | "lastSuccessStartedAt">, schedules: StatusSchedule[], now: Date): OverdueInfo | null {
  return earliestOverdue(expectations(target, schedules), now);
}

/**
 * The slot a backup is expected for: while overdue, the missed one; otherwise the earliest
 * expected slot among the schedules (it may lie a little in the past while inside its grace).
 * Null without a promising schedule.
 */
export function expectedAt(target: Pick<StatusTargetFacts, "enabled" | "lastSuccessStartedAt">, schedules: StatusSchedule[], now: Date): Date | null {
  const exps = expectations(target, schedules);
  return earliestOverdue(exps, now)?.slot ?? earliestSlot(exps);
}

export interface TargetEvaluation {
  status: TargetStatus;
  overdue: OverdueInfo | null;
  expectedAt: Date | null;
  nextRunAt: Date | null;
}

/** Everything the loader asks about one target, each schedule's expectation computed once. */
export function evaluateTarget(target: StatusTargetFacts, schedules: StatusSchedule[], now: Date): TargetEvaluation {
  const exps = expectations(target, schedules);
  const overdue = earliestOverdue(exps, now);
  return {
    status: statusWord(target, schedules, overdue !== null),
    overdue,
    expectedAt: overdue?.slot ?? earliestSlot(exps),
    nextRunAt: nextBackupAt(target, schedules, now),
  };
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
  return statusWord(target, schedules, isOverdue(target, schedules, now));
}

function statusWord(target: StatusTargetFacts, schedules: StatusSchedule[], overdue: boolean): TargetStatus {
  if (target.active) return "running";
  if (isPaused(target, schedules)) return "paused";
  if (overdue) return "overdue";
  switch (target.lastFinishedStatus) {
    case null:
      return "never";
    case "success":
      return "ok";
    default:
      return "failed";
  }
}
