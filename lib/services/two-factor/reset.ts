import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { passkeys, trustedDevices, userTotp, users } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { deleteRecoveryCodes } from "./recovery-codes";
import { twoFactorOf } from "./status";

/**
 * An admin (or the server's CLI) resets a user's second factors: authenticator app, recovery codes,
 * passkeys and remembered devices, and ends the user's sessions. Their next sign-in asks them to set up again if their role needs it.
 */
export function resetTwoFactor(actor: Actor, userId: number): { removed: { totp: boolean; passkeys: number; recoveryCodes: number } } {
  requirePermission(actor, "manage");
  return getDb().transaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, userId)).get();
    if (!user) throw new NotFoundError(`User ${userId} not found`);
    const before = twoFactorOf(tx, userId);
    // Audit keys avoid "pass…": the audit redacts anything named like a password.
    const removed = { email: user.email, authenticatorApp: before.totp, webauthnKeys: before.passkeys, recoveryCodesLeft: before.recoveryCodesLeft };
    tx.delete(userTotp).where(eq(userTotp.userId, userId)).run();
    deleteRecoveryCodes(tx, userId);
    tx.delete(passkeys).where(eq(passkeys.userId, userId)).run();
    tx.delete(trustedDevices).where(eq(trustedDevices.userId, userId)).run();
    // The factors may have been stolen with the session: every session of the user ends here.
    tx.update(users).set({ sessionsValidFrom: new Date() }).where(eq(users.id, userId)).run();
    writeAudit(tx, actor, { action: "user.reset_2fa", entityType: "user", entityId: userId, before: removed });
    return { removed: { totp: before.totp, passkeys: before.passkeys, recoveryCodes: before.recoveryCodesLeft } };
  });
}
