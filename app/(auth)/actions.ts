"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/auth";
import { createFirstAdmin } from "@/lib/services/users/create";
import { loginLockMessage } from "@/lib/services/auth/login-status";
import { emailSchema, passwordSchema } from "@/lib/services/users/schemas";
import { fieldErrorsOf, toActionError } from "@/lib/actions/safe-action";
import { safeNextPath } from "@/lib/auth/safe-next";
import { clientIpFromHeaders } from "@/lib/net/client-ip";

export interface FormState {
  error?: string;
  fieldErrors?: Record<string, string>;
}

const loginInput = z.object({ email: emailSchema, password: z.string().min(1, "Enter your password") });

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = loginInput.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { error: "Please fix the highlighted fields", fieldErrors: fieldErrorsOf(parsed.error) };
  const ip = clientIpFromHeaders(await headers());
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (e) {
    if (e instanceof CredentialsSignin) {
      if (e.code === "too_many_requests") return { error: loginLockMessage(parsed.data.email, ip) };
      if (e.code === "unauthorized") return { error: "Wrong email or password (or the account is disabled)" };
      return { error: "Sign-in failed" };
    }
    if (e instanceof AuthError) return { error: "Sign-in failed" };
    throw e;
  }
  redirect(safeNextPath(form.get("next")));
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
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  } catch (e) {
    const r = toActionError(e);
    return { error: r.error, fieldErrors: r.fieldErrors };
  }
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
