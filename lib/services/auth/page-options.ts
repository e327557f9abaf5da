import { getSignInPolicy, hasSecondFactor } from "./policy";
import { activeSsoConfig } from "../sso/config";
import { pendingSignIn } from "./second-factor";

/** What the sign-in page offers (public: no secret, only the button's name). */
export function signInPageOptions(): { passwordSignIn: boolean; ssoName: string | null } {
  return { passwordSignIn: getSignInPolicy().passwordSignIn, ssoName: activeSsoConfig()?.name ?? null };
}

export interface PendingSignInView {
  email: string;
  mustEnrol: boolean;
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
  rememberDeviceDays: number;
  /** The second factor was passed (enrolment done, recovery codes shown): only "continue" is left. */
  factorPassed: boolean;
}

/** The second-factor page's view of a pending sign-in (no ids, no secrets). */
export function pendingSignInView(flowToken: string | null): PendingSignInView | null {
  const p = pendingSignIn(flowToken);
  if (!p) return null;
  return {
    email: p.user.email,
    mustEnrol: p.mustEnrol,
    totp: p.status.totp,
    passkeys: p.status.passkeys,
    recoveryCodesLeft: p.status.recoveryCodesLeft,
    rememberDeviceDays: p.rememberDeviceDays,
    factorPassed: hasSecondFactor(p.flow.methods),
  };
}
