"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { revealResticPasswordAction } from "@/app/(console)/settings/storage/actions";

export interface UnshownRepo {
  storageId: number;
  storageName: string;
  createdAt: string;
}

/**
 * Lifeboat created a restic repository with a generated password: shown here ONCE, for printing
 * (without it the repository cannot be read; it is also in the recovery kit).
 */
export function ResticPasswordCard({ repos }: { repos: UnshownRepo[] }) {
  if (repos.length === 0) return null;
  return (
    <section aria-labelledby="restic-pw-heading" className="grid gap-3 rounded-lg border border-amber-500/60 p-3">
      <h2 id="restic-pw-heading" className="text-base font-semibold">
        Print the restic repository passwords
      </h2>
      <p className="text-sm text-muted-foreground">
        Lifeboat created these repositories with generated passwords. Without the password nobody can read the snapshots — not even with restic itself.
        Each is shown once: print it or put it in your password vault. It is also in the recovery kit.
      </p>
      {repos.map((r) => (
        <RevealOne key={r.storageId} repo={r} />
      ))}
    </section>
  );
}

function RevealOne({ repo }: { repo: UnshownRepo }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const id = `restic-pw-${repo.storageId}`;
  if (shown) {
    return (
      <Alert variant="success">
        <div className="grid gap-1">
          <span>
            Repository password of <strong>{repo.storageName}</strong> (shown once — it will not be shown again):
          </span>
          <div className="flex min-w-0 items-start gap-1">
            <code aria-label={`restic password of ${repo.storageName}`} className="min-w-0 break-all rounded bg-muted px-2 py-1 font-mono text-sm">
              {shown}
            </code>
            <CopyButton text={shown} label="Copy the password" />
          </div>
        </div>
      </Alert>
    );
  }
  return (
    <form
      className="grid max-w-md gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          setError(null);
          const r = await revealResticPasswordAction(repo.storageId, password);
          if (!r.ok) return setError(r.fieldErrors?.password ?? r.error);
          setPassword("");
          setShown(r.data.password);
        });
      }}
    >
      <Field id={id} label={`Your password (repository in ${repo.storageName}, created ${new Date(repo.createdAt).toLocaleDateString()})`} error={error ?? undefined}>
        <Input id={id} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <div>
        {/* A long location name wraps instead of widening the page past a phone's screen. */}
        <Button type="submit" disabled={pending || !password} className="h-auto min-h-9 whitespace-normal text-left">
          {pending ? "Checking…" : `Show the password of ${repo.storageName} once`}
        </Button>
      </div>
    </form>
  );
}
