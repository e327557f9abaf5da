"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { RecoveryCodes } from "@/components/auth/enrol-totp";

type Result = { ok: true; data: unknown } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** An account change that needs a current code first (remove the app, new recovery codes). */
export function CodeAction({ label, codeLabel, run }: { label: string; codeLabel: string; run: (input: { code: string }) => Promise<Result> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [pending, start] = useTransition();
  if (codes) return <RecoveryCodes codes={codes} />;
  if (!open) {
    return (
      <Button type="button" variant="outline" size="sm" onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          setError(null);
          const r = await run({ code });
          if (!r.ok) return setError(r.fieldErrors?.code ?? r.error);
          const data = r.data as { recoveryCodes?: string[] } | undefined;
          if (data?.recoveryCodes) setCodes(data.recoveryCodes);
          else setOpen(false);
          router.refresh();
        });
      }}
    >
      <Input aria-label={codeLabel} className="h-8 w-44" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
      <Button type="submit" size="sm" disabled={pending}>
        {label}
      </Button>
      <Button type="button" variant="ghost" size="sm" onClick={() => setOpen(false)}>
        Cancel
      </Button>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
    </form>
  );
}
