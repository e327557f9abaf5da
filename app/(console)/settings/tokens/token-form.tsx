"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { CodeBlock } from "@/components/ui/code-block";
import { createTokenAction, type CreateTokenState } from "./actions";

/** New-token form; the token is shown here once, right after it is created. */
export function TokenForm({ apps }: { apps: { id: number; name: string }[] }) {
  const [state, action, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  // A new key after each created token empties the fields; a refusal keeps them (same key).
  const formKey = state?.ok ? `created-${state.data.name}-${state.data.token.slice(-6)}` : "draft";
  return (
    <div className="grid gap-4">
      {state?.ok ? (
        <Alert variant="success">
          <p className="mb-2 font-medium">Token “{state.data.name}” created. Copy it now: it is shown only once.</p>
          <CodeBlock label="New API token" code={state.data.token} testId="new-token" className="bg-card" />
        </Alert>
      ) : null}
      {state && !state.ok ? <Alert variant="destructive">{state.error}</Alert> : null}
      <form action={action} className="grid max-w-xl gap-4" aria-label="New API token">
        <TokenFields key={formKey} apps={apps} errors={errors} pending={pending} />
      </form>
    </div>
  );
}

// Controlled fields: React resets a form's uncontrolled fields after its action, which would
// empty what was typed when the server refuses it.
function TokenFields({ apps, errors, pending }: { apps: { id: number; name: string }[]; errors: Record<string, string>; pending: boolean }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState("operator");
  const [expires, setExpires] = useState("");
  const [appIds, setAppIds] = useState<string[]>([]);
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="token-name" label="Name" error={errors.name} hint="Who or what uses it, e.g. “nightly cron on db1”.">
          <Input id="token-name" name="name" required maxLength={100} aria-invalid={Boolean(errors.name)} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id="token-role" label="Role" error={errors.role} hint="The token can do what a user with this role can do.">
          <NativeSelect id="token-role" name="role" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="viewer">viewer — read only</option>
            <option value="operator">operator — back up, report, download</option>
            <option value="admin">admin — everything</option>
          </NativeSelect>
        </Field>
        <Field id="token-expires" label="Expires on (optional, UTC)" error={errors.expiresAt}>
          <Input id="token-expires" name="expiresAt" type="date" aria-invalid={Boolean(errors.expiresAt)} value={expires} onChange={(e) => setExpires(e.target.value)} />
        </Field>
      </div>
      {apps.length > 0 ? (
        <fieldset className="grid gap-1.5">
          <legend className="mb-1 text-sm font-medium">Limit to apps (optional; none ticked = all apps)</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {apps.map((a) => (
              <label key={a.id} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  name="appIds"
                  value={a.id}
                  checked={appIds.includes(String(a.id))}
                  onChange={(e) => setAppIds((ids) => (e.target.checked ? [...ids, String(a.id)] : ids.filter((x) => x !== String(a.id))))}
                />
                {a.name}
              </label>
            ))}
          </div>
          {errors.appIds ? <p className="text-xs text-destructive" role="alert">{errors.appIds}</p> : null}
        </fieldset>
      ) : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </div>
    </>
  );
}
