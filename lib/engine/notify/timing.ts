import { Cron } from "croner";

export const MAX_ATTEMPTS = 5;
/** Wait after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final. */
export const BACKOFF_MINUTES = [1, 5, 30, 120] as const;
/** While a delivery is being sent, it is leased so another console instance (or tick) leaves it alone. */
export const LEASE_MS = 5 * 60_000;
/** Events older than this when first seen (the notifier was off) are marked, not sent: stale alarms only confuse. */
export const STALE_EVENT_MS = 3 * 24 * 3_600_000;

/** When to try again after `attempts` failed attempts; null = give up. */
export function nextRetryAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const minutes = BACKOFF_MINUTES[Math.min(attempts, BACKOFF_MINUTES.length) - 1];
  return new Date(now.getTime() + minutes * 60_000);
}

/** The next daily digest time (hour:00 in the console timezone) strictly after `after`. */
export function nextDigestAt(after: Date, hour: number, timezone: string): Date {
  const next = new Cron(`0 ${hour} * * *`, { timezone }).nextRun(after);
  // croner returns null only for patterns that never fire; a daily pattern always does.
  return next ?? new Date(after.getTime() + 24 * 3_600_000);
}
