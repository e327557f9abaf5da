import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { userTotp } from "../../db/schema";
import { ConflictError, ValidationError } from "../../errors";
import { writeAudit } from "../../audit/write";
import type { Actor } from "../../auth/actor";
import { requireSelf } from "./self";
import { checkTotp, newTotpSecret, storePendingSecret, totpRow } from "./totp";
import { consumeRecoveryCode, deleteRecoveryCodes, generateRecoveryCodes } from "./recovery-codes";
import { getSignInPolicy } from "../auth/policy";
import { passkeyCount } from "../passkeys/list";

export interface TotpEnrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

/** Start (or restart) TOTP enrolment: a new secret, not active until a code from it is confirmed. */
export async function startTotpEnrolment(actor: Actor): Promise<TotpEnrolment> {
  const me = requireSelf(actor);
  const db = getDb();
  if (totpRow(db, me.id)?.confirmedAt) throw new ConflictError("An authenticator app is already set up: remove it first to set up another");
  const e = await newTotpSecret(me.email);
  db.transaction((tx) => storePendingSecret(tx, me.id, e.secret));
  return e;
}

/** Confirm enrolment with a code from the app; returns the ten recovery codes (shown once). */
export function confirmTotpEnrolment(actor: Actor, code: string): { recoveryCodes: string[] } {
  const me = requireSelf(actor);
  return getDb().transaction((tx) => {
    const row = totpRow(tx, me.id);
    if (!row) throw new ConflictError("Start the set-up again: no authenticator app is waiting for confirmation");
    if (row.confirmedAt) throw new ConflictError("An authenticator app is already set up");
    if (!checkTotp(tx, me.id, code, { pending: true })) {
      throw new ValidationError("That code does not match: check the app's clock and enter the current code", { code: "Wrong code" });
    }
    const codes = generateRecoveryCodes(tx, me.id);
    writeAudit(tx, me, { action: "user.totp_enable", entityType: "user", entityId: me.id });
    return { recoveryCodes: codes };
  });
}

/**
 * Remove one's own authenticator app (and recovery codes). A current code, or one of the recovery
 * codes for someone whose phone is gone, proves it is really them.
 */
export function disableTotp(actor: Actor, code: string): void {
  const me = requireSelf(actor);
  getDb().transaction((tx) => {
    const row = totpRow(tx, me.id);
    if (!row?.confirmedAt) throw new ConflictError("No authenticator app is set up");
    if (getSignInPolicy(tx).twoFactorRoles.includes(me.role) && passkeyCount(tx, me.id) === 0) {
      throw new ConflictError(`Your role (${me.role}) requires two-factor authentication: add a passkey before removing the app`);
    }
    if (!checkTotp(tx, me.id, code) && !consumeRecoveryCode(tx, me.id, code)) {
      throw new ValidationError("That code does not match", { code: "Wrong code" });
    }
    tx.delete(userTotp).where(eq(userTotp.userId, me.id)).run();
    deleteRecoveryCodes(tx, me.id);
    writeAudit(tx, me, { action: "user.totp_disable", entityType: "user", entityId: me.id });
  });
}

/** New recovery codes (the old ones stop working), after a current code. */
export function regenerateRecoveryCodes(actor: Actor, code: string): { recoveryCodes: string[] } {
  const me = requireSelf(actor);
  return getDb().transaction((tx) => {
    if (!totpRow(tx, me.id)?.confirmedAt) throw new ConflictError("Set up an authenticator app first");
    if (!checkTotp(tx, me.id, code)) throw new ValidationError("That code does not match", { code: "Wrong code" });
    const codes = generateRecoveryCodes(tx, me.id);
    writeAudit(tx, me, { action: "user.recovery_codes_regenerate", entityType: "user", entityId: me.id });
    return { recoveryCodes: codes };
  });
}
