import { getDb } from "../../db/client";
import { ConflictError, UnauthorizedError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { startTotpEnrolment, type TotpEnrolment } from "../two-factor/enrol";
import { checkTotp, totpRow } from "../two-factor/totp";
import { generateRecoveryCodes } from "../two-factor/recovery-codes";
import { flowActor, guardSecondFactor, type PendingSignIn } from "./second-factor";
import { passFactor } from "./flows";

/** Enrolment during sign-in, for a role that requires a second factor the user does not have yet. */
export function startFlowEnrolment(p: PendingSignIn, ip: string | null): Promise<TotpEnrolment> {
  if (!p.mustEnrol) throw new ConflictError("Two-factor authentication is already set up: enter a code instead");
  return startTotpEnrolment(flowActor(p, ip));
}

/**
 * The first code from the app: activates it and counts as the second factor of this sign-in. The
 * session starts only afterwards (finishPassedFlow), once the recovery codes were on screen: starting
 * it here would reload the page under them.
 */
export function confirmFlowEnrolment(p: PendingSignIn, code: string, ip: string | null): { recoveryCodes: string[] } {
  if (!p.mustEnrol) throw new ConflictError("Two-factor authentication is already set up: enter a code instead");
  if (!totpRow(getDb(), p.user.id)) throw new UnauthorizedError("Start the set-up again");
  return guardSecondFactor(p, ip, "totp", () => {
    const db = getDb();
    if (!checkTotp(db, p.user.id, code, { pending: true })) return null;
    const recoveryCodes = generateRecoveryCodes(db, p.user.id);
    writeAudit(db, flowActor(p, ip), { action: "user.totp_enable", entityType: "user", entityId: p.user.id });
    passFactor(db, p.flow.id, "totp");
    return { recoveryCodes };
  });
}
