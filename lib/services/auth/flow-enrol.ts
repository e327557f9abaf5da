import { getDb } from "../../db/client";
import { ConflictError, UnauthorizedError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { startTotpEnrolment, type TotpEnrolment } from "../two-factor/enrol";
import { checkTotp, totpRow } from "../two-factor/totp";
import { generateRecoveryCodes } from "../two-factor/recovery-codes";
import { finish, flowActor, guardSecondFactor, type PendingSignIn, type SecondFactorDone } from "./second-factor";

/** Enrolment during sign-in, for a role that requires a second factor the user does not have yet. */
export function startFlowEnrolment(p: PendingSignIn, ip: string | null): Promise<TotpEnrolment> {
  if (!p.mustEnrol) throw new ConflictError("Two-factor authentication is already set up: enter a code instead");
  return startTotpEnrolment(flowActor(p, ip));
}

/** The first code from the app: activates it, and the sign-in completes with the recovery codes to keep. */
export function confirmFlowEnrolment(
  p: PendingSignIn,
  code: string,
  remember: boolean,
  ip: string | null,
): SecondFactorDone & { recoveryCodes: string[] } {
  if (!p.mustEnrol) throw new ConflictError("Two-factor authentication is already set up: enter a code instead");
  if (!totpRow(getDb(), p.user.id)) throw new UnauthorizedError("Start the set-up again");
  return guardSecondFactor(p, ip, "totp", () => {
    const db = getDb();
    if (!checkTotp(db, p.user.id, code, { pending: true })) return null;
    const recoveryCodes = generateRecoveryCodes(db, p.user.id);
    writeAudit(db, flowActor(p, ip), { action: "user.totp_enable", entityType: "user", entityId: p.user.id });
    return { ...finish(p, "totp", remember), recoveryCodes };
  });
}
