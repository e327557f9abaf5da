import { activeSsoConfig } from "../services/sso/config";
import { resolveOidcSignIn } from "../services/sso/resolve";
import { afterFirstFactor } from "../services/auth/after-first-factor";
import { redeemTicket, type SignInMethod } from "../services/auth/flows";
import { DEVICE_COOKIE, readCookie, requestIp, setFlowCookie } from "./request";

/**
 * Auth.js signIn callback for the OIDC provider (state, nonce and PKCE already checked): map the
 * claims to a Lifeboat user, then either let the session start (true) or redirect — to the
 * refused page, or to the second factor with the flow cookie set and no session.
 */
export async function oidcSignIn(user: { id?: string; amr?: SignInMethod[] }, claims: Record<string, unknown>): Promise<true | string> {
  const cfg = activeSsoConfig();
  if (!cfg) return "/login/refused?reason=off";
  const ip = await requestIp();
  const r = resolveOidcSignIn(cfg, claims, ip);
  if (!r.ok) return `/login/refused?reason=${r.reason}`;
  const next = afterFirstFactor(r.user, "oidc", { deviceToken: await readCookie(DEVICE_COOKIE) });
  if (next.kind === "second_factor") {
    await setFlowCookie(next.flowToken);
    return "/login/verify";
  }
  const done = redeemTicket(next.ticket, ip);
  if (!done) return "/login/refused?reason=disabled";
  user.id = String(done.user.id);
  user.amr = done.methods;
  return true;
}
