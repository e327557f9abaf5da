"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { PasskeyButton } from "./passkey-sign-in-button";
import {
  passkeySecondFactorAction,
  passkeySecondFactorOptionsAction,
  verifyCodeAction,
  type VerifyState,
} from "@/app/(auth)/login/verify/actions";

export function RememberDevice({ days, checked, onChange }: { days: number; checked: boolean; onChange: (v: boolean) => void }) {
  if (days <= 0) return null;
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="checkbox" name="remember" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      Remember this device for {days} day{days === 1 ? "" : "s"}
    </label>
  );
}

/** The second step: a code from the app, a recovery code, or a passkey. */
export function SecondFactorForm({ totp, passkeys, recoveryCodesLeft, rememberDays }: { totp: boolean; passkeys: number; recoveryCodesLeft: number; rememberDays: number }) {
  const [state, action, pending] = useActionState<VerifyState, FormData>(verifyCodeAction, {});
  const [useRecovery, setUseRecovery] = useState(!totp && recoveryCodesLeft > 0);
  const [remember, setRemember] = useState(false);
  return (
    <div className="grid gap-4">
      {state.error ? <Alert variant="destructive">{state.error}</Alert> : null}
      {totp || recoveryCodesLeft > 0 ? (
        <form action={action} className="grid gap-4" noValidate>
          <input type="hidden" name="method" value={useRecovery ? "recovery_code" : "totp"} />
          {useRecovery ? (
            <Field id="code" label="Recovery code" error={state.fieldErrors?.code} hint="One of the ten codes you saved; each works once.">
              <Input id="code" name="code" autoComplete="off" autoFocus required />
            </Field>
          ) : (
            <Field id="code" label="Authentication code" error={state.fieldErrors?.code} hint="The 6-digit code from your authenticator app.">
              <Input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" autoFocus required />
            </Field>
          )}
          <RememberDevice days={rememberDays} checked={remember} onChange={setRemember} />
          <Button type="submit" disabled={pending}>
            {pending ? "Checking…" : "Verify"}
          </Button>
          {totp && recoveryCodesLeft > 0 ? (
            <Button type="button" variant="link" size="sm" onClick={() => setUseRecovery(!useRecovery)}>
              {useRecovery ? "Use the authenticator app instead" : "Use a recovery code"}
            </Button>
          ) : null}
        </form>
      ) : null}
      {passkeys > 0 ? (
        <PasskeyButton label="Use a passkey" getOptions={passkeySecondFactorOptionsAction} verify={(a) => passkeySecondFactorAction(a, remember)} />
      ) : null}
    </div>
  );
}
