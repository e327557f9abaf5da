"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions/safe-action";
import { updateSignInPolicy } from "@/lib/services/auth/policy";
import { updateSsoSettings } from "@/lib/services/sso/settings";

// Shapes only; the services validate each value (and say which field is wrong).
const policyInput = z.object({
  passwordSignIn: z.boolean(),
  twoFactorRoles: z.array(z.string()),
  rememberDeviceDays: z.string(),
});

export async function saveSignInPolicyAction(input: unknown) {
  const r = await runAction("manage", policyInput, input, (actor, d) => {
    updateSignInPolicy(actor, { ...d, twoFactorRoles: d.twoFactorRoles as never, rememberDeviceDays: d.rememberDeviceDays.trim() === "" ? NaN : Number(d.rememberDeviceDays) });
    return { saved: true };
  });
  if (r.ok) revalidatePath("/settings/sign-in");
  return r;
}

const ssoInput = z.object({}).passthrough();

/** The OpenID Connect settings; the client secret is sealed and never sent back (empty keeps it). */
export async function saveSsoSettingsAction(input: unknown) {
  const r = await runAction("manage", ssoInput, input, (actor, d) => {
    const v = updateSsoSettings(actor, d as Parameters<typeof updateSsoSettings>[1]);
    return { saved: true, clientSecretSet: v.clientSecretSet };
  });
  if (r.ok) revalidatePath("/settings/sign-in");
  return r;
}
