import { UnauthorizedError } from "../errors";
import { pendingSignIn, type PendingSignIn, type SecondFactorDone } from "../services/auth/second-factor";
import { FLOW_COOKIE, readCookie, setDeviceCookie } from "./request";
import { startSession } from "./start-session";

/**
 * For the second-factor step's actions: the sign-in waiting behind this browser's flow cookie.
 * It is not a session: it only lets its own user pass (or set up) their second factor.
 */
export async function requirePendingSignIn(): Promise<PendingSignIn> {
  const p = pendingSignIn(await readCookie(FLOW_COOKIE));
  if (!p) throw new UnauthorizedError("This sign-in expired or was already used: sign in again");
  return p;
}

/** Second factor passed: remember the device if asked, and start the session. */
export async function finishSignIn(done: SecondFactorDone) {
  if (done.device) await setDeviceCookie(done.device.token, done.device.expiresAt);
  return startSession(done.ticket);
}
