import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users, type User } from "../../db/schema";
import { TooManyRequestsError, UnauthorizedError } from "../../errors";
import { DUMMY_HASH, verifyPassword } from "../../auth/password";
import { writeAudit } from "../../audit/write";
import { clearFailures, lockedFor, lockMessage, recordFailure } from "./login-throttle";
import { getSignInPolicy } from "./policy";
import { afterFirstFactor, type FirstFactorOutcome } from "./after-first-factor";
import { toUserDto, type UserDto } from "../users/dto";

/**
 * Check email + password (the first factor). Throws TooManyRequestsError while locked (before the
 * password is even compared), UnauthorizedError on a wrong pair. Failures go to the audit trail; a
 * success is audited when the sign-in completes (with every factor used).
 *
 * With password sign-in turned off, only break-glass admins get through; everyone else gets the
 * same answer as a wrong password, so the form tells no one which accounts are break-glass.
 */
export async function checkPassword(emailRaw: string, password: string, ip?: string | null): Promise<User> {
  const email = emailRaw.trim().toLowerCase();
  const db = getDb();
  const wait = lockedFor(db, email, ip);
  if (wait > 0) throw new TooManyRequestsError(lockMessage(wait));
  const user = db.select().from(users).where(eq(users.email, email)).get();
  // SSO-only accounts have no password (empty hash): compare against a dummy to keep the timing.
  const ok = (await verifyPassword(password, user?.passwordHash || DUMMY_HASH)) && Boolean(user?.passwordHash);
  const allowed = getSignInPolicy(db).passwordSignIn || Boolean(user?.breakGlass && user.role === "admin");
  if (!user || !ok || user.disabled || !allowed) {
    db.transaction((tx) => {
      recordFailure(tx, email, ip);
      writeAudit(tx, { type: "system", role: "admin" }, {
        action: "auth.sign_in_failed",
        entityType: "user",
        entityId: user?.id ?? null,
        after: { email, ip, method: "password", ...(ok && !allowed ? { reason: "password sign-in is off" } : {}) },
      });
    });
    const nowLocked = lockedFor(db, email, ip);
    if (nowLocked > 0) throw new TooManyRequestsError(lockMessage(nowLocked));
    throw new UnauthorizedError(user?.disabled && ok ? "This account is disabled" : "Wrong email or password");
  }
  db.transaction((tx) => clearFailures(tx, email));
  return user;
}

/** The password step of the sign-in form: a session ticket, or on to the second factor. */
export async function passwordSignIn(
  email: string,
  password: string,
  ip: string | null,
  opts: { next?: string | null; deviceToken?: string | null } = {},
): Promise<FirstFactorOutcome> {
  const user = await checkPassword(email, password, ip);
  return afterFirstFactor(user, "password", opts);
}

/** Email + password only (tests, the headless admin check): the user, no session. */
export async function verifyCredentials(email: string, password: string, ip?: string | null): Promise<UserDto> {
  return toUserDto(await checkPassword(email, password, ip));
}

/** The current state of a signed-in user (role changes and disabling apply on the next request). */
/** The user of a session signed in at `authAt` (ms), or null when disabled or ended by a reset since. */
export function loadActiveUser(id: number, authAt = Number.POSITIVE_INFINITY) {
  const row = getDb().select().from(users).where(eq(users.id, id)).get();
  if (!row || row.disabled) return null;
  if (row.sessionsValidFrom && authAt < row.sessionsValidFrom.getTime()) return null;
  return toUserDto(row);
}
