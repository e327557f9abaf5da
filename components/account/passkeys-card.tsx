"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { startRegistration } from "@simplewebauthn/browser";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { RelativeTime } from "@/components/status/relative-time";
import { passkeyRegistrationOptionsAction, registerPasskeyAction, removePasskeyAction } from "@/app/(console)/account/actions";
import type { PasskeyDto } from "@/lib/services/passkeys/list";

/** The signed-in user's passkeys: sign in with one (no password), or use one as the second factor. */
export function PasskeysCard({ passkeys }: { passkeys: PasskeyDto[] }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const add = () =>
    start(async () => {
      setError(null);
      setNotice(null);
      const o = await passkeyRegistrationOptionsAction({});
      if (!o.ok) return setError(o.error);
      let response: unknown;
      try {
        response = await startRegistration({ optionsJSON: o.data.options });
      } catch (e) {
        return setError(`No passkey was created (${(e as Error).message})`);
      }
      const r = await registerPasskeyAction({ challengeId: o.data.challengeId, name: name || "Passkey", response });
      if (!r.ok) return setError(r.fieldErrors?.name ?? r.error);
      setName("");
      setNotice(`Passkey "${r.data.name}" added`);
      router.refresh();
    });
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Passkeys</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <p className="text-muted-foreground">A passkey (this device&apos;s screen lock, a security key, a phone) signs you in on its own, or serves as the second factor after a password.</p>
        {passkeys.length ? (
          <ul aria-label="Your passkeys" className="grid gap-2">
            {passkeys.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 rounded border border-border px-3 py-2">
                <span>
                  <span className="font-medium">{p.name}</span>{" "}
                  <span className="text-xs text-muted-foreground">
                    added <RelativeTime iso={p.createdAt} />, last used <RelativeTime iso={p.lastUsedAt} empty="never" />
                  </span>
                </span>
                <ConfirmButton
                  label={`Remove ${p.name}`}
                  confirmLabel="Yes, remove it"
                  question={`Remove the passkey "${p.name}"?`}
                  onConfirm={async () => {
                    const r = await removePasskeyAction({ id: p.id });
                    if (r.ok) router.refresh();
                    return r;
                  }}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p>No passkeys yet.</p>
        )}
        <div className="flex flex-wrap items-end gap-2">
          <label className="grid gap-1 text-sm font-medium">
            Passkey name
            <Input className="h-8 w-56" placeholder="e.g. work laptop" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <Button type="button" size="sm" disabled={pending} onClick={add}>
            {pending ? "Waiting for the passkey…" : "Add a passkey"}
          </Button>
        </div>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        {notice ? (
          <p role="status" className="text-green-700 dark:text-green-400">
            {notice}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
