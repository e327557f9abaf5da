"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { createTokenAction, type CreateTokenState } from "./actions";

/** New-token form; the token is shown here once, right after it is created. */
export function TokenForm({ apps }: { apps: { id: number; name: string }[] }) {
  const [state, action, pending] = useActionState<CreateTokenState, FormData>(createTokenAction, null);
  const [copied, setCopied] = useState(false);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div className="grid gap-4">
      {state?.ok ? (
        <Alert variant="success">
          <p className="font-medium">Token “{state.data.name}” created. Copy it now: it is shown only once.</p>
          <div className="mt-2 flex items-center gap-2">
            <code aria-label="New API token" className="break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid="new-token">
              {state.data.token}
            </code>
            <Button
              type="button"
              size="sm"
              variant="outline"
              onClick={() => {
                void navigator.clipboard?.writeText(state.data.token).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </Alert>
      ) : null}
      {state && !state.ok ? <Alert variant="destructive">{state.error}</Alert> : null}
      <form action={action} className="grid max-w-xl gap-3" aria-label="New API token">
        <Field id="token-name" label="Name" error={errors.name} hint="Who or what uses it, e.g. “nightly cron on db1”.">
          <Input id="token-name" name="name" required maxLength={100} aria-invalid={Boolean(errors.name)} />
        </Field>
        <Field id="token-role" label="Role" error={errors.role} hint="The token can do what a user with this role can do.">
          <NativeSelect id="token-role" name="role" defaultValue="operator">
            <option value="viewer">viewer — read only</option>
            <option value="operator">operator — back up, report, download</option>
            <option value="admin">admin — everything</option>
          </NativeSelect>
        </Field>
        <Field id="token-expires" label="Expires on (optional, UTC)" error={errors.expiresAt}>
          <Input id="token-expires" name="expiresAt" type="date" aria-invalid={Boolean(errors.expiresAt)} />
        </Field>
        {apps.length > 0 ? (
          <fieldset className="grid gap-1.5">
            <legend className="text-sm font-medium">Limit to apps (optional; none ticked = all apps)</legend>
            <div className="flex flex-wrap gap-3">
              {apps.map((a) => (
                <label key={a.id} className="flex items-center gap-1.5 text-sm">
                  <input type="checkbox" name="appIds" value={a.id} />
                  {a.name}
                </label>
              ))}
            </div>
            {errors.appIds ? <p className="text-xs text-red-600" role="alert">{errors.appIds}</p> : null}
          </fieldset>
        ) : null}
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </Button>
        </div>
      </form>
    </div>
  );
}
