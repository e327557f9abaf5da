"use client";

import { useState, useTransition } from "react";
import { startAuthentication } from "@simplewebauthn/browser";
import { KeyRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

type Result<T> = { ok: true; data: T } | { ok: false; error: string };
type Options = { challengeId: string; options: Parameters<typeof startAuthentication>[0]["optionsJSON"] };

/**
 * Ask the browser for a passkey and hand its answer to the server. Used for the sign-in itself
 * and for the second factor (different actions, same ceremony).
 */
export function PasskeyButton({
  label,
  getOptions,
  verify,
}: {
  label: string;
  getOptions: () => Promise<Result<Options>>;
  verify: (answer: unknown) => Promise<Result<{ next: string }>>;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = () =>
    start(async () => {
      setError(null);
      const o = await getOptions();
      if (!o.ok) return setError(o.error);
      let answer: unknown;
      try {
        answer = await startAuthentication({ optionsJSON: o.data.options });
      } catch (e) {
        return setError(`No passkey was used (${(e as Error).message})`);
      }
      const r = await verify({ challengeId: o.data.challengeId, response: answer });
      if (!r.ok) return setError(r.error);
      window.location.assign(r.data.next);
    });
  return (
    <div className="grid gap-2">
      <Button type="button" variant="outline" disabled={pending} onClick={run}>
        <KeyRound className="h-4 w-4" aria-hidden />
        {pending ? "Waiting for the passkey…" : label}
      </Button>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
    </div>
  );
}
