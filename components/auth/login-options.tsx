"use client";

import { PasskeyButton } from "./passkey-sign-in-button";
import { passkeySignInAction, passkeySignInOptionsAction } from "@/app/(auth)/login/passkey-actions";

/** "Continue with a passkey" on the sign-in page (not "Sign in …": that is the password form's button). */
export function PasskeySignIn({ next }: { next: string }) {
  return <PasskeyButton label="Continue with a passkey" getOptions={passkeySignInOptionsAction} verify={(a) => passkeySignInAction(a, next)} />;
}
