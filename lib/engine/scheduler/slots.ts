import { Cron } from "croner";
import { ruleErrors, toCronExpression, type ScheduleRule } from "./rule";

/**
 * One compiled rule, kept for the life of the process. Validating a rule (Intl timezone check,
 * cron parsing) and building the croner object cost more than the slot arithmetic itself, and the
 * status loader asks the same few rules ("daily 02:00") for every target on every call. The last
 * answer is kept too: one loader call asks each rule about the same `now` once per target.
 */
interface Compiled {
  /** Null for manual or invalid rules: they never fire. */
  cron: Cron | null;
  latest?: { at: number; slot: Date | null };
  next?: { from: number; n: number; slots: Date[] };
  /**
   * nextSlot answers by start moment. The overdue rule asks "first slot after this target's last
   * success" for every target on every load: the same few hundred moments again and again.
   */
  after: Map<number, number | null>;
}

const compiled = new Map<string, Compiled>();
/** Rules are user data: bound the cache (a few distinct rules is the normal case). */
const MAX_RULES = 1000;
/** Remembered nextSlot answers per rule (about one per target using the rule). */
const MAX_AFTER = 2000;

function ruleKey(rule: ScheduleRule): string {
  return [rule.kind, rule.minute, rule.hour, rule.weekday, rule.dayOfMonth, rule.cronExpr, rule.timezone].join("|");
}

function compile(rule: ScheduleRule): Compiled {
  const key = ruleKey(rule);
  let c = compiled.get(key);
  if (!c) {
    if (compiled.size >= MAX_RULES) compiled.clear();
    c = { cron: cronOf(rule), after: new Map() };
    compiled.set(key, c);
  }
  return c;
}

/** A croner job used only for date arithmetic (paused: it never fires). Null for manual/invalid rules. */
function cronOf(rule: ScheduleRule): Cron | null {
  if (Object.keys(ruleErrors(rule)).length > 0) return null;
  const expr = toCronExpression(rule);
  if (!expr) return null;
  // domAndDow false = classic cron OR-logic when both day fields are restricted.
  return new Cron(expr, { timezone: rule.timezone, mode: "5-part", paused: true, domAndDow: false });
}

const copy = (d: Date) => new Date(d.getTime());

/**
 * The most recent slot at or before `now` (in the rule's timezone), or null when the rule never
 * fires (manual) or has not fired in the searched past.
 */
export function latestSlot(rule: ScheduleRule, now: Date): Date | null {
  const c = compile(rule);
  if (!c.cron) return null;
  if (c.latest?.at !== now.getTime()) {
    // croner's previousRuns excludes a run exactly at the reference, hence +1 ms (slots are whole minutes).
    const [prev] = c.cron.previousRuns(1, new Date(now.getTime() + 1));
    c.latest = { at: now.getTime(), slot: prev && prev.getTime() <= now.getTime() ? prev : null };
  }
  return c.latest.slot && copy(c.latest.slot);
}

/** The next `n` slots strictly after `from`. */
export function nextSlots(rule: ScheduleRule, from: Date, n = 5): Date[] {
  const c = compile(rule);
  if (!c.cron) return [];
  if (c.next?.from !== from.getTime() || c.next.n !== n) c.next = { from: from.getTime(), n, slots: c.cron.nextRuns(n, from) };
  return c.next.slots.map(copy);
}

/** The first slot strictly after `from` (remembered per rule: see Compiled.after). */
export function nextSlot(rule: ScheduleRule, from: Date): Date | null {
  const c = compile(rule);
  if (!c.cron) return null;
  const key = from.getTime();
  let ms = c.after.get(key);
  if (ms === undefined) {
    if (c.after.size >= MAX_AFTER) c.after.clear();
    ms = c.cron.nextRuns(1, from)[0]?.getTime() ?? null;
    c.after.set(key, ms);
  }
  return ms === null ? null : new Date(ms);
}
