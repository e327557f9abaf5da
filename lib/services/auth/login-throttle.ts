import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { loginAttempts } from "../../db/schema";

// Per email: 5 failures within 15 min lock it for 15 min. Per IP: 20 failures, same windows.
export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxPerEmail: 5,
  maxPerIp: 20,
};

export interface ThrottleKey {
  key: string;
  max: number;
}

export function throttleKeys(email: string, ip?: string | null): ThrottleKey[] {
  const keys = [{ key: `email:${email.trim().toLowerCase()}`, max: THROTTLE.maxPerEmail }];
  if (ip) keys.push({ key: `ip:${ip}`, max: THROTTLE.maxPerIp });
  return keys;
}

/** Second-factor codes are throttled like passwords: per user (5) and per IP (20, shared). */
export function secondFactorKeys(userId: number, ip?: string | null): ThrottleKey[] {
  const keys = [{ key: `2fa:${userId}`, max: THROTTLE.maxPerEmail }];
  if (ip) keys.push({ key: `ip:${ip}`, max: THROTTLE.maxPerIp });
  return keys;
}

/** Milliseconds until sign-in is allowed again for this email/IP, 0 if not locked. */
export function lockedFor(db: DbOrTx, email: string, ip: string | null | undefined, now = Date.now()): number {
  return lockedForKeys(db, throttleKeys(email, ip), now);
}

export function lockedForKeys(db: DbOrTx, keys: ThrottleKey[], now = Date.now()): number {
  let wait = 0;
  for (const { key } of keys) {
    const row = db.select().from(loginAttempts).where(eq(loginAttempts.key, key)).get();
    const until = row?.lockedUntil?.getTime() ?? 0;
    if (until > now) wait = Math.max(wait, until - now);
  }
  return wait;
}

export function recordFailure(db: DbOrTx, email: string, ip: string | null | undefined, now = Date.now()): void {
  recordFailureKeys(db, throttleKeys(email, ip), now);
}

export function recordFailureKeys(db: DbOrTx, keys: ThrottleKey[], now = Date.now()): void {
  for (const { key, max } of keys) {
    const row = db.select().from(loginAttempts).where(eq(loginAttempts.key, key)).get();
    const fresh = !row?.firstFailureAt || now - row.firstFailureAt.getTime() > THROTTLE.windowMs;
    const failures = fresh ? 1 : row!.failures + 1;
    const values = {
      key,
      failures,
      firstFailureAt: fresh ? new Date(now) : row!.firstFailureAt,
      lockedUntil: failures >= max ? new Date(now + THROTTLE.lockMs) : (row?.lockedUntil ?? null),
    };
    db.insert(loginAttempts).values(values).onConflictDoUpdate({ target: loginAttempts.key, set: values }).run();
  }
}

export function clearFailures(db: DbOrTx, email: string): void {
  db.delete(loginAttempts).where(eq(loginAttempts.key, `email:${email.trim().toLowerCase()}`)).run();
}

export function clearSecondFactorFailures(db: DbOrTx, userId: number): void {
  db.delete(loginAttempts).where(eq(loginAttempts.key, `2fa:${userId}`)).run();
}

export function lockMessage(ms: number, what = "sign-ins"): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return `Too many failed ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
