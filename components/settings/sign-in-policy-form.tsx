"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { saveSignInPolicyAction } from "@/app/(console)/settings/sign-in/actions";

const ROLES = ["viewer", "operator", "admin"] as const;

export interface PolicyValues {
  passwordSignIn: boolean;
  twoFactorRoles: string[];
  rememberDeviceDays: number;
  breakGlassAdmins: number;
}

/** Password sign-in on/off, which roles need a second factor, "remember this device". */
export function SignInPolicyForm({ values }: { values: PolicyValues }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [fe, setFe] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="grid max-w-xl gap-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        start(async () => {
          const r = await saveSignInPolicyAction({
            passwordSignIn: f.get("passwordSignIn") === "on",
            twoFactorRoles: ROLES.filter((role) => f.get(`require-${role}`) === "on"),
            rememberDeviceDays: String(f.get("rememberDeviceDays") ?? ""),
          });
          setFe(r.ok ? {} : (r.fieldErrors ?? {}));
          setMsg(r.ok ? { ok: true, text: "Sign-in settings saved. They apply at once." } : { ok: false, text: r.error });
          if (r.ok) router.refresh();
        });
      }}
    >
      {msg ? <Alert variant={msg.ok ? "success" : "destructive"}>{msg.text}</Alert> : null}
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Require two-factor authentication for</legend>
        {ROLES.map((role) => (
          <label key={role} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={`require-${role}`} defaultChecked={values.twoFactorRoles.includes(role)} />
            {role}s
          </label>
        ))}
        <p className="text-xs text-muted-foreground">
          They must pass a code from an authenticator app or a passkey before any page; those without one set it up at their next sign-in.
          API tokens are not affected.
        </p>
      </fieldset>
      <Field id="rememberDeviceDays" label="Remember a device for (days)" error={fe.rememberDeviceDays} hint="0 = never offer “remember this device” (the default); at most 90">
        <Input id="rememberDeviceDays" name="rememberDeviceDays" inputMode="numeric" defaultValue={values.rememberDeviceDays} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="passwordSignIn" defaultChecked={values.passwordSignIn} />
        Allow sign-in with a password
      </label>
      {fe.passwordSignIn ? (
        <p role="alert" className="text-xs text-destructive">
          {fe.passwordSignIn}
        </p>
      ) : null}
      <p className="text-xs text-muted-foreground">
        Turned off, people sign in with single sign-on or a passkey; break-glass admins ({values.breakGlassAdmins} now, set on the server with{" "}
        <code>lifeboat user break-glass --email E</code>) can still use their password.
      </p>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save sign-in settings"}
        </Button>
      </div>
    </form>
  );
}
