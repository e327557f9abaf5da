import { expectationOf } from "./target-status";
import { statusSchedule, type TargetStatusInfo } from "./load-statuses";

/**
 * The first moment after `at` when the status words of a target change by time alone, its runs,
 * schedules and enabled flag staying as they are: the next slot (nextRunAt moves on) or the next
 * grace deadline (the target turns overdue, overdueSince/expectedAt follow). Null: never. Every
 * other input of evaluateTarget is a stored fact, so the words are constant on [at, validUntil).
 */
export function validUntil(info: TargetStatusInfo, at: Date): Date | null {
  let until = info.nextRunAt?.getTime() ?? Infinity;
  if (info.enabled) {
    for (const s of info.schedules) {
      const e = expectationOf(statusSchedule(s), info.lastSuccessStartedAt);
      const d = e?.deadline.getTime();
      if (d !== undefined && d > at.getTime() && d < until) until = d;
    }
  }
  return until === Infinity ? null : new Date(until);
}
