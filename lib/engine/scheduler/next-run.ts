import type { Schedule } from "../../db/schema";
import { nextSlot } from "./slots";

/** The nextRunAt kept on the row: the next slot after `now`, or null when disabled or manual. */
export function computeNextRunAt(s: Pick<Schedule, "kind" | "minute" | "hour" | "weekday" | "dayOfMonth" | "cronExpr" | "timezone" | "enabled">, now: Date): Date | null {
  if (!s.enabled) return null;
  return nextSlot(s, now);
}
