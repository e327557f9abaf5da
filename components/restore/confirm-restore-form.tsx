"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { DestinationInput } from "@/lib/services/restores/shapes";
import { startRestoreAction } from "@/app/(console)/restores/actions";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

/** Type the target's name, then Restore. Admins may also override a failed safety backup. */
export function ConfirmRestoreForm({
  runId,
  targetName,
  destination,
  isAdmin,
  storage = null,
}: {
  runId: number;
  targetName: string;
  destination: DestinationInput;
  isAdmin: boolean;
  /** The storage location chosen to read from (null: the nearest healthy source). */
  storage?: number | null;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [confirmName, setConfirmName] = useState("");
  const [override, setOverride] = useState(false);
  const [overrideConfirm, setOverrideConfirm] = useState("");
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    start(async () => {
      const r = await startRestoreAction({ runId, destination, confirmName, override, overrideConfirm: override ? overrideConfirm : undefined, ...(storage != null ? { storage } : {}) });
      if (r.ok) router.push(`/restores/${r.data.id}`);
      else setError({ message: r.error, fields: r.fieldErrors ?? {} });
    });
  };

  return (
    <form onSubmit={submit} className="grid max-w-lg gap-3">
      {error ? <Alert variant="destructive">{error.message}</Alert> : null}
      <Field id="confirm-name" label={`Type the target name (${targetName}) to confirm`} error={error?.fields.confirmName}>
        <Input id="confirm-name" value={confirmName} onChange={(e) => setConfirmName(e.target.value)} autoComplete="off" />
      </Field>
      {isAdmin ? (
        <div className="grid gap-2 rounded-md border border-amber-200 bg-amber-50 dark:border-amber-500/30 dark:bg-amber-500/10 p-3 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
            Admin override: restore even if the safety backup fails
          </label>
          {override ? (
            <Field id="override-confirm" label="Type the target name again to override" error={error?.fields.overrideConfirm}>
              <Input id="override-confirm" value={overrideConfirm} onChange={(e) => setOverrideConfirm(e.target.value)} autoComplete="off" />
            </Field>
          ) : null}
        </div>
      ) : null}
      <div>
        <Button type="submit" variant="destructive" disabled={pending || confirmName.trim() !== targetName}>
          {pending ? "Starting…" : "Restore"}
        </Button>
      </div>
    </form>
  );
}
