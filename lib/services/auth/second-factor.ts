import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users, type SignInFlow, type User } from "../../db/schema";
import { TooManyRequestsError, UnauthorizedError, ValidationError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { SYSTEM, type Actor } from "../../auth/actor";
import { clearSecondFactorFailures, lockedForKeys, lockMessage, recordFailureKeys, secondFactorKeys } from "./login-throttle";
import { completeFlow, dropFlow, findFlow, type SignInMethod } from "./flows";
import { getSignInPolicy, hasSecondFactor } from "./policy";
import { checkTotp } from "../two-factor/totp";
import { consumeRecoveryCode } from "../two-factor/recovery-codes";
import { rememberDevice } from "../two-factor/trusted-devices";
import { twoFactorOf, type TwoFactorStatus } from "../two-factor/status";

export interface PendingSignIn {
  flow: SignInFlow;
  user: User;
  status: TwoFactorStatus;
  /** The role requires a second factor and the user has none: set one up first. */
  mustEnrol: boolean;
  rememberDeviceDays: number;
}

/** The sign-in waiting behind a flow cookie, or null (expired, unknown, user disabled). */
export function pendingSignIn(token: string | null | undefined): PendingSignIn | null {
  const db = getDb();
  const flow = findFlow(db, token);
  if (!flow) return null;
  const user = db.select().from(users).where(eq(users.id, flow.userId)).get();
  if (!user || user.disabled) return null;
  const status = twoFactorOf(db, user.id);
  const policy = getSignInPolicy(db);
  return { flow, user, status, mustEnrol: !status.totp && status.passkeys === 0, rememberDeviceDays: policy.rememberDeviceDays };
}

/** The flow's user as an actor (their own enrolment during sign-in, and audit rows). */
export function flowActor(p: PendingSignIn, ip: string | null): Extract<Actor, { type: "user" }> {
  return { type: "user", id: p.user.id, email: p.user.email, role: p.user.role, ip };
}

/** Throttle first (like passwords), then count a failure; on success clear the user's count. */
export function guardSecondFactor<T>(p: PendingSignIn, ip: string | null, method: SignInMethod, check: () => T | null): T {
  const db = getDb();
  const keys = secondFactorKeys(p.user.id, ip);
  const wait = lockedForKeys(db, keys);
  if (wait > 0) throw new TooManyRequestsError(lockMessage(wait, "codes"));
  const result = db.transaction((tx) => {
    const r = check();
    if (r === null) {
      recordFailureKeys(tx, keys);
      writeAudit(tx, SYSTEM, { action: "auth.second_factor_failed", entityType: "user", entityId: p.user.id, after: { email: p.user.email, method, ip } });
    } else clearSecondFactorFailures(tx, p.user.id);
    return r;
  });
  if (result === null) {
    const now = lockedForKeys(db, keys);
    if (now > 0) throw new TooManyRequestsError(lockMessage(now, "codes"));
    throw new ValidationError(method === "recovery_code" ? "That recovery code is wrong or already used" : "That code does not match", {
      code: "Wrong code",
    });
  }
  return result;
}

export interface SecondFactorDone {
  ticket: string;
  /** Set when the user asked to remember this device (and the admin allows it). */
  device: { token: string; expiresAt: Date } | null;
}

/** A TOTP or recovery code for the pending sign-in: the ticket for the session, or an error. */
export function verifySecondFactorCode(
  p: PendingSignIn,
  input: { method: "totp" | "recovery_code"; code: string; remember: boolean },
  ip: string | null,
): SecondFactorDone {
  if (p.mustEnrol) throw new UnauthorizedError("Set up two-factor authentication first");
  return guardSecondFactor(p, ip, input.method, () => {
    const db = getDb();
    const ok = input.method === "totp" ? checkTotp(db, p.user.id, input.code) : consumeRecoveryCode(db, p.user.id, input.code);
    return ok ? finish(p, input.method, input.remember) : null;
  });
}

/** Complete the flow (inside the caller's transaction where there is one); null = the factor was passed before. */
export function finish(p: PendingSignIn, method: SignInMethod | null, remember: boolean): SecondFactorDone {
  const db = getDb();
  const { ticket } = completeFlow(db, p.flow.id, method);
  const device = remember && p.rememberDeviceDays > 0 ? rememberDevice(db, p.user.id, p.rememberDeviceDays) : null;
  return { ticket, device };
}

/** A passkey already verified for this flow's user: complete the flow. */
export function finishWithPasskey(p: PendingSignIn, remember: boolean): SecondFactorDone {
  return getDb().transaction(() => finish(p, "passkey", remember));
}

/** After enrolment (the factor is recorded on the flow, the recovery codes were shown): start the session. */
export function finishPassedFlow(p: PendingSignIn, remember: boolean): SecondFactorDone {
  if (!hasSecondFactor(p.flow.methods)) throw new UnauthorizedError("Enter a code first");
  return getDb().transaction(() => finish(p, null, remember));
}

/** The user gave up this sign-in. */
export function cancelPendingSignIn(p: PendingSignIn): void {
  getDb().transaction((tx) => dropFlow(tx, p.flow.id));
}
