"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { finishSignIn, requirePendingSignIn } from "@/lib/auth/pending";
import { clearFlowCookie, requestIp, requestOrigin } from "@/lib/auth/request";
import { toActionError } from "@/lib/actions/safe-action";
import { safeNextPath } from "@/lib/auth/safe-next";
import { cancelPendingSignIn, finishPassedFlow, finishWithPasskey, verifySecondFactorCode } from "@/lib/services/auth/second-factor";
import { confirmFlowEnrolment, startFlowEnrolment } from "@/lib/services/auth/flow-enrol";
import { passkeyAnswer, passkeyAuthenticationOptions, verifyPasskey } from "@/lib/services/passkeys/authenticate";
import { relyingParty } from "@/lib/services/passkeys/challenges";

export interface VerifyState {
  error?: string;
  fieldErrors?: Record<string, string>;
}

const codeInput = z.object({
  method: z.enum(["totp", "recovery_code"]),
  code: z.string().trim().min(1, "Enter the code").max(40),
  remember: z.boolean(),
});

/** A code from the authenticator app, or a recovery code (each used once). */
export async function verifyCodeAction(_prev: VerifyState, form: FormData): Promise<VerifyState> {
  let next = "/";
  try {
    const p = await requirePendingSignIn();
    const input = codeInput.parse({ method: form.get("method"), code: form.get("code") ?? "", remember: form.get("remember") === "on" });
    const s = await finishSignIn(verifySecondFactorCode(p, input, await requestIp()));
    if (!s.ok) return { error: s.error };
    next = safeNextPath(p.flow.next);
  } catch (e) {
    const r = toActionError(e);
    return { error: r.error, fieldErrors: r.fieldErrors };
  }
  redirect(next);
}

/** Enrolment during sign-in (the role requires a second factor): a new secret and its QR code. */
export async function startEnrolmentAction() {
  try {
    const p = await requirePendingSignIn();
    const e = await startFlowEnrolment(p, await requestIp());
    return { ok: true as const, data: { secret: e.secret, qrSvg: e.qrSvg } };
  } catch (e) {
    return toActionError(e);
  }
}

const confirmInput = z.object({ code: z.string().trim().min(1, "Enter the code").max(20) });

/** First code from the app: two-factor is on; the recovery codes are shown once (no session yet). */
export async function confirmEnrolmentAction(input: unknown) {
  try {
    const p = await requirePendingSignIn();
    const data = confirmInput.parse(input);
    const { recoveryCodes } = confirmFlowEnrolment(p, data.code, await requestIp());
    return { ok: true as const, data: { recoveryCodes, next: safeNextPath(p.flow.next) } };
  } catch (e) {
    return toActionError(e);
  }
}

/** "Continue to the console" after the recovery codes: the session starts. */
export async function continueSignInAction(remember: unknown) {
  try {
    const p = await requirePendingSignIn();
    const s = await finishSignIn(finishPassedFlow(p, remember === true));
    if (!s.ok) return { ok: false as const, error: s.error };
    return { ok: true as const, data: { next: safeNextPath(p.flow.next) } };
  } catch (e) {
    return toActionError(e);
  }
}

/** Options for a passkey as the second factor (only this user's passkeys are allowed). */
export async function passkeySecondFactorOptionsAction() {
  try {
    const p = await requirePendingSignIn();
    return { ok: true as const, data: await passkeyAuthenticationOptions(relyingParty(await requestOrigin()), "second_factor", p.user.id) };
  } catch (e) {
    return toActionError(e);
  }
}

export async function passkeySecondFactorAction(input: unknown, remember: unknown) {
  try {
    const p = await requirePendingSignIn();
    await verifyPasskey(relyingParty(await requestOrigin()), "second_factor", passkeyAnswer.parse(input), await requestIp(), p.user.id);
    const s = await finishSignIn(finishWithPasskey(p, remember === true));
    if (!s.ok) return { ok: false as const, error: s.error };
    return { ok: true as const, data: { next: safeNextPath(p.flow.next) } };
  } catch (e) {
    return toActionError(e);
  }
}

/** Give up this sign-in: the flow is dropped, back to the sign-in page. */
export async function cancelSignInAction(): Promise<void> {
  try {
    const p = await requirePendingSignIn();
    cancelPendingSignIn(p);
  } catch {
    /* already gone */
  }
  await clearFlowCookie();
  redirect("/login");
}
