import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { TooManyRequestsError, UnauthorizedError } from "../../errors";
import { DUMMY_HASH, verifyPassword } from "../../auth/password";
import { writeAudit } from "../../audit/write";
import { clearFailures, lockedFor, lockMessage, recordFailure } from "./login-throttle";
import { toUserDto, type UserDto } from "../users/dto";

/**
 * Check email + password. Throws TooManyRequestsError while locked (before the password is even
 * compared), UnauthorizedError on a wrong pair. Success and failure both go to the audit trail.
 */
export async function verifyCredentials(
  emailRaw: string,
  password: string,
  ip?: string | null,
): Promise<UserDto> {
  const email = emailRaw.trim().toLowerCase();
  const db = getDb();
  const wait = lockedFor(db, email, ip);
  if (wait > 0) throw new TooManyRequestsError(lockMessage(wait));
  const user = db.select().from(users).where(eq(users.email, email)).get();
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    db.transaction((tx) => {
      recordFailure(tx, email, ip);
      writeAudit(
        tx,
        { type: "system", role: "admin" },
        { action: "auth.sign_in_failed", entityType: "user", entityId: user?.id ?? null, after: { email, ip } },
      );
    });
    const nowLocked = lockedFor(db, email, ip);
    if (nowLocked > 0) throw new TooManyRequestsError(lockMessage(nowLocked));
    throw new UnauthorizedError(user?.disabled ? "This account is disabled" : "Wrong email or password");
  }
  return db.transaction((tx) => {
    clearFailures(tx, email);
    const row = tx
      .update(users)
      .set({ lastSignInAt: new Date() })
      .where(eq(users.id, user.id))
      .returning()
      .get();
    writeAudit(tx, { type: "user", id: user.id, email, role: user.role, ip }, {
      action: "auth.sign_in",
      entityType: "user",
      entityId: user.id,
    });
    return toUserDto(row);
  });
}

/** The current state of a signed-in user (role changes and disabling apply on the next request). */
export function loadActiveUser(id: number) {
  const row = getDb().select().from(users).where(eq(users.id, id)).get();
  if (!row || row.disabled) return null;
  return toUserDto(row);
}
