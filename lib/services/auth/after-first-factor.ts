import { getDb } from "../../db/client";
import type { User } from "../../db/schema";
import { getSignInPolicy } from "./policy";
import { issueTicket, startFlow, type SignInMethod } from "./flows";
import { twoFactorOf } from "../two-factor/status";
import { isRememberedDevice } from "../two-factor/trusted-devices";

export type FirstFactorOutcome =
  | { kind: "session"; ticket: string }
  /** The browser gets the flow token (cookie) and the second-factor page; no session yet. */
  | { kind: "second_factor"; flowToken: string };

/**
 * After a first factor (password, SSO or a passkey): straight to a session, or on to the second factor — when
 * the user has one (authenticator app or passkey), or their role requires one (they enrol first).
 * A remembered device skips the code only while the admin allows remembering devices.
 */
export function afterFirstFactor(user: User, method: SignInMethod, opts: { next?: string | null; deviceToken?: string | null } = {}): FirstFactorOutcome {
  return getDb().transaction((tx) => {
    // A passkey (with user verification) is two factors in one: possession and PIN/biometric.
    if (method === "passkey") return { kind: "session", ...issueTicket(tx, user.id, [method]) };
    const policy = getSignInPolicy(tx);
    const status = twoFactorOf(tx, user.id);
    const enrolled = status.totp || status.passkeys > 0;
    const required = policy.twoFactorRoles.includes(user.role);
    if (!enrolled && !required) return { kind: "session", ...issueTicket(tx, user.id, [method]) };
    if (enrolled && policy.rememberDeviceDays > 0 && isRememberedDevice(tx, user.id, opts.deviceToken)) {
      return { kind: "session", ...issueTicket(tx, user.id, [method, "device"]) };
    }
    return { kind: "second_factor", flowToken: startFlow(tx, user.id, [method], opts.next ?? null).token };
  });
}
