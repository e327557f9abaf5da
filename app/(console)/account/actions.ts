"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions/safe-action";
import { requestOrigin } from "@/lib/auth/request";
import { confirmTotpEnrolment, disableTotp, regenerateRecoveryCodes, startTotpEnrolment } from "@/lib/services/two-factor/enrol";
import { forgetMyDevices } from "@/lib/services/two-factor/devices";
import { passkeyRegistrationOptions, registerPasskey, registerPasskeyInput, removePasskey } from "@/lib/services/passkeys/register";
import { relyingParty } from "@/lib/services/passkeys/challenges";

// Every signed-in user manages their own factors ("read" is the lowest role); the services
// act on the actor's own account only.
const none = z.object({}).passthrough();
const codeInput = z.object({ code: z.string().trim().min(1, "Enter the code").max(40) });
const idInput = z.object({ id: z.coerce.number().int().positive() });

const done = <T>(r: T) => {
  revalidatePath("/account");
  return r;
};

export async function startTotpAction(input: unknown) {
  return runAction("read", none, input ?? {}, async (actor) => {
    const e = await startTotpEnrolment(actor);
    return { secret: e.secret, qrSvg: e.qrSvg };
  });
}

/** No revalidation here: the page would re-render without the recovery codes before they are read ("Done" refreshes). */
export async function confirmTotpAction(input: unknown) {
  return runAction("read", codeInput, input, (actor, d) => confirmTotpEnrolment(actor, d.code));
}

export async function disableTotpAction(input: unknown) {
  return done(await runAction("read", codeInput, input, (actor, d) => disableTotp(actor, d.code)));
}

export async function regenerateRecoveryCodesAction(input: unknown) {
  return done(await runAction("read", codeInput, input, (actor, d) => regenerateRecoveryCodes(actor, d.code)));
}

export async function passkeyRegistrationOptionsAction(input: unknown) {
  return runAction("read", none, input ?? {}, async (actor) => passkeyRegistrationOptions(actor, relyingParty(await requestOrigin())));
}

export async function registerPasskeyAction(input: unknown) {
  return done(await runAction("read", registerPasskeyInput, input, async (actor, d) => registerPasskey(actor, relyingParty(await requestOrigin()), d)));
}

export async function removePasskeyAction(input: unknown) {
  return done(await runAction("read", idInput, input, (actor, d) => removePasskey(actor, d.id)));
}

export async function forgetDevicesAction(input: unknown) {
  return done(await runAction("read", none, input ?? {}, (actor) => forgetMyDevices(actor)));
}
