"use server";

import { toActionError } from "@/lib/actions/safe-action";
import { requestIp, requestOrigin } from "@/lib/auth/request";
import { safeNextPath } from "@/lib/auth/safe-next";
import { startSession } from "@/lib/auth/start-session";
import { afterFirstFactor } from "@/lib/services/auth/after-first-factor";
import { passkeyAnswer, passkeyAuthenticationOptions, verifyPasskey } from "@/lib/services/passkeys/authenticate";
import { relyingParty } from "@/lib/services/passkeys/challenges";

/** "Sign in with a passkey": any passkey registered here (discoverable, no email typed). */
export async function passkeySignInOptionsAction() {
  try {
    return { ok: true as const, data: await passkeyAuthenticationOptions(relyingParty(await requestOrigin()), "sign_in", null) };
  } catch (e) {
    return toActionError(e);
  }
}

/** The passkey's answer: verified against its stored public key, then the session starts. */
export async function passkeySignInAction(input: unknown, next: unknown) {
  try {
    const user = await verifyPasskey(relyingParty(await requestOrigin()), "sign_in", passkeyAnswer.parse(input), await requestIp(), null);
    const out = afterFirstFactor(user, "passkey");
    if (out.kind !== "session") throw new Error("a passkey sign-in needs no second factor");
    const s = await startSession(out.ticket);
    if (!s.ok) return { ok: false as const, error: s.error };
    return { ok: true as const, data: { next: safeNextPath(next) } };
  } catch (e) {
    return toActionError(e);
  }
}
