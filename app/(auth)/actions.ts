"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/auth";
import { createFirstAdmin } from "@/lib/services/users/create";
import { passwordSignIn } from "@/lib/services/auth/sign-in";
import { emailSchema, passwordSchema } from "@/lib/services/users/schemas";
import { fieldErrorsOf, toActionError } from "@/lib/actions/safe-action";
import { safeNextPath } from "@/lib/auth/safe-next";
import { DEVICE_COOKIE, readCookie, requestIp, setFlowCookie } from "@/lib/auth/request";
import { startSession } from "@/lib/auth/start-session";
import { TooManyRequestsError, UnauthorizedError } from "@/lib/errors";

export interface FormState {
  error?: string;
  fieldErrors?: Record<string, string>;
}

const loginInput = z.object({ email: emailSchema, password: z.string().min(1, "Enter your password") });

/** Password step: a session at once, or on to the second factor (a flow cookie, no session). */
export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = loginInput.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { error: "Please fix the highlighted fields", fieldErrors: fieldErrorsOf(parsed.error) };
  const next = safeNextPath(form.get("next"));
  let to = next;
  try {
    const out = await passwordSignIn(parsed.data.email, parsed.data.password, await requestIp(), {
      next,
      deviceToken: await readCookie(DEVICE_COOKIE),
    });
    if (out.kind === "second_factor") {
      await setFlowCookie(out.flowToken);
      to = "/login/verify";
    } else {
      const s = await startSession(out.ticket);
      if (!s.ok) return { error: s.error };
    }
  } catch (e) {
    if (e instanceof TooManyRequestsError) return { error: e.message };
    if (e instanceof UnauthorizedError) return { error: "Wrong email or password (or the account is disabled)" };
    throw e;
  }
  redirect(to);
}

/** "Sign in with <name>": off to the OpenID provider (state, nonce and PKCE cookies set by Auth.js). */
export async function ssoSignInAction(form: FormData): Promise<void> {
  await signIn("oidc", { redirectTo: safeNextPath(form.get("next")) });
}

const setupInput = z
  .object({
    email: emailSchema,
    name: z.string().trim().max(100).optional(),
    password: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match" });

export async function setupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = setupInput.safeParse(Object.fromEntries(form.entries()));
  if (!parsed.success) return { error: "Please fix the highlighted fields", fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    await createFirstAdmin(parsed.data);
    const out = await passwordSignIn(parsed.data.email, parsed.data.password, await requestIp());
    if (out.kind === "session") await startSession(out.ticket);
  } catch (e) {
    const r = toActionError(e);
    return { error: r.error, fieldErrors: r.fieldErrors };
  }
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
