"use client";

import { PasskeyButton } from "./passkey-sign-in-button";
import { passkeySignInAction, passkeySignInOptionsAction } from "@/app/(auth)/login/passkey-actions";

/** "Sign in with a passkey" on the sign-in page. */
export function PasskeySignIn({ next }: { next: string }) {
  return <PasskeyButton label="Sign in with a passkey" getOptions={passkeySignInOptionsAction} verify={(a) => passkeySignInAction(a, next)} />;
}
