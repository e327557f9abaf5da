"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { signInAction, setupAction, type FormState } from "@/app/(auth)/actions";

// React resets a form's uncontrolled fields after its action: the fields that must survive an
// error (name, email) are controlled; passwords are cleared on purpose.

export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {});
  const [email, setEmail] = useState("");
  return (
    <form action={action} className="grid gap-4" noValidate>
      {state.error ? <Alert variant="destructive">{state.error}</Alert> : null}
      <input type="hidden" name="next" value={next ?? "/"} />
      <Field id="email" label="Email" error={state.fieldErrors?.email}>
        <Input id="email" name="email" type="email" autoComplete="username" required aria-invalid={!!state.fieldErrors?.email} value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field id="password" label="Password" error={state.fieldErrors?.password}>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

export function SetupForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(setupAction, {});
  const fe = state.fieldErrors ?? {};
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  return (
    <form action={action} className="grid gap-4" noValidate>
      {state.error ? <Alert variant="destructive">{state.error}</Alert> : null}
      <Field id="name" label="Name" error={fe.name}>
        <Input id="name" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field id="email" label="Email" error={fe.email}>
        <Input id="email" name="email" type="email" autoComplete="username" required aria-invalid={!!fe.email} value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field id="password" label="Password" error={fe.password} hint="At least 10 characters">
        <Input id="password" name="password" type="password" autoComplete="new-password" required aria-invalid={!!fe.password} />
      </Field>
      <Field id="confirm" label="Confirm password" error={fe.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={!!fe.confirm} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create admin account"}
      </Button>
    </form>
  );
}
