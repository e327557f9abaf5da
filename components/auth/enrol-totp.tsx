"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";

type Result<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** The otpauth QR code (an SVG made on the server) and the key for typing it in by hand. */
export function TotpSecret({ secret, qrSvg }: { secret: string; qrSvg: string }) {
  return (
    <div className="grid gap-2">
      {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing to optimise */}
      <img src={`data:image/svg+xml;utf8,${encodeURIComponent(qrSvg)}`} alt="QR code for your authenticator app" className="h-48 w-48 border border-border" />
      <p className="text-xs text-muted-foreground">
        Can&apos;t scan it? Enter this key in the app:{" "}
        <code className="select-all break-all font-mono text-foreground" data-testid="totp-secret">
          {secret}
        </code>
        <CopyButton text={secret} label="Copy the key" className="h-6 w-6 align-middle" />
      </p>
    </div>
  );
}

/** Ten recovery codes, shown once: the only way in if the phone is lost. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="grid gap-2">
      <Alert variant="warning">Save these recovery codes somewhere safe. Each works once; they are not shown again.</Alert>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-1 rounded border border-border bg-muted p-3 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Set up an authenticator app: start (secret + QR), then confirm with a code. Used on the account
 * page and, when a role requires it, during sign-in (then `after` says where to go next).
 */
export function EnrolTotp({
  start: startEnrolment,
  confirm,
  rememberDays = 0,
  onDone,
}: {
  start: () => Promise<Result<{ secret: string; qrSvg: string }>>;
  confirm: (input: { code: string; remember: boolean }) => Promise<Result<{ recoveryCodes: string[]; next?: string }>>;
  rememberDays?: number;
  onDone?: (next: string | undefined, remember: boolean) => void;
}) {
  const [pending, startTransition] = useTransition();
  const [secret, setSecret] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [done, setDone] = useState<{ recoveryCodes: string[]; next?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [remember, setRemember] = useState(false);

  if (done) {
    return (
      <div className="grid gap-3">
        <Alert variant="success">Two-factor authentication is on.</Alert>
        <RecoveryCodes codes={done.recoveryCodes} />
        <Button type="button" onClick={() => onDone?.(done.next, remember)}>
          {done.next ? "Continue to the console" : "Done"}
        </Button>
      </div>
    );
  }
  if (!secret) {
    return (
      <div className="grid gap-2">
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        <Button
          type="button"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const r = await startEnrolment();
              if (r.ok) setSecret(r.data);
              else setError(r.error);
            })
          }
        >
          Set up an authenticator app
        </Button>
      </div>
    );
  }
  return (
    <form
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          setError(null);
          const r = await confirm({ code, remember });
          if (r.ok) setDone(r.data);
          else setError(r.fieldErrors?.code && r.error === "Please fix the highlighted fields" ? r.fieldErrors.code : r.error);
        });
      }}
    >
      <p className="text-sm">Scan this with your authenticator app (Google Authenticator, 1Password, Aegis…), then enter the code it shows.</p>
      <TotpSecret {...secret} />
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <Field id="enrol-code" label="Code from the app">
        <Input id="enrol-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required />
      </Field>
      {rememberDays > 0 ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          Remember this device for {rememberDays} days
        </label>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Turn on two-factor authentication"}
      </Button>
    </form>
  );
}
