"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { pitrRestoreAction } from "@/lib/actions/pitr";

/** A Date as the value of a datetime-local input, in the viewer's timezone, to the second. */
function localValue(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * Restore to a point in time into a new database, or over the original after a safety backup
 * (operator, the target's name typed either way): the picker is bounded by the
 * recovery window; the server checks base backup, every WAL segment and the name before it
 * queues anything, and says what is missing.
 */
export function PitrRestoreForm({
  targetId,
  targetName,
  windowFrom,
  windowTo,
  isAdmin = false,
  copyLocations = [],
}: {
  targetId: number;
  targetName: string;
  windowFrom: string;
  windowTo: string;
  /** Admins may override a failed safety backup before a restore over the original. */
  isAdmin?: boolean;
  /** The target's copy locations, which a restore may read instead of the nearest location that has everything. */
  copyLocations?: { id: number; name: string }[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [time, setTime] = useState(localValue(windowTo));
  const [dest, setDest] = useState<"new" | "original">("new");
  const [database, setDatabase] = useState("");
  const [confirm, setConfirm] = useState("");
  const [keepMinutes, setKeepMinutes] = useState("0");
  const [storage, setStorage] = useState("");
  const [override, setOverride] = useState(false);
  const [overrideConfirm, setOverrideConfirm] = useState("");
  const overriding = isAdmin && dest === "original" && override;
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    start(async () => {
      setError(null);
      setFields({});
      if (overriding && overrideConfirm.trim() !== targetName) {
        setFields({ overrideConfirm: `Type "${targetName}" again to override the safety backup` });
        return;
      }
      const r = await pitrRestoreAction({
        targetId,
        targetTime: new Date(time).toISOString(),
        destination: dest,
        database: dest === "new" ? database : undefined,
        confirm,
        keepServerMinutes: Number(keepMinutes) || 0,
        overrideSafety: overriding || undefined,
        storage: storage ? Number(storage) : undefined,
      });
      if (r.ok) {
        toast.success(`Point-in-time restore ${r.data.id} queued`);
        router.refresh();
      } else {
        setError(r.error);
        setFields(r.fieldErrors ?? {});
      }
    });
  };

  return (
    <form onSubmit={submit} aria-label="Restore to a point in time" className="grid gap-3 sm:grid-cols-3">
      <Field id="pitr-time" label="Moment to restore to" hint="In your timezone, to the second" error={fields.targetTime}>
        <Input id="pitr-time" type="datetime-local" step={1} min={localValue(windowFrom)} max={localValue(windowTo)} value={time} onChange={(e) => setTime(e.target.value)} required />
      </Field>
      <fieldset className="grid gap-1 text-sm">
        <legend className="font-medium">Restore into</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="pitr-dest" value="new" checked={dest === "new"} onChange={() => setDest("new")} /> A new database
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="pitr-dest" value="original" checked={dest === "original"} onChange={() => setDest("original")} /> The original database (replaced after a safety backup)
        </label>
        {fields.destination ? <p className="text-destructive">{fields.destination}</p> : null}
      </fieldset>
      {dest === "new" ? (
        <Field id="pitr-db" label="New database name" hint="Created on the target's server; it must not exist" error={fields.database ?? fields["destination.database"]}>
          <Input id="pitr-db" value={database} onChange={(e) => setDatabase(e.target.value)} pattern="[A-Za-z_][A-Za-z0-9_]{0,62}" required />
        </Field>
      ) : (
        <p className="text-sm text-muted-foreground">A safety backup of the target is taken first; the original is then replaced in one transaction (a failure leaves it as it was).</p>
      )}
      <Field id="pitr-keep" label="Keep the private server (minutes)" hint="0: removed at once; else it stays up for inspection and the list says how to connect" error={fields.keepServerMinutes}>
        <Input id="pitr-keep" type="number" min={0} max={1440} value={keepMinutes} onChange={(e) => setKeepMinutes(e.target.value)} />
      </Field>
      {copyLocations.length ? (
        <Field id="pitr-storage" label="Read from" hint="The PITR location, or a copy location when it has lost its files" error={fields.storage}>
          <NativeSelect id="pitr-storage" value={storage} onChange={(e) => setStorage(e.target.value)}>
            <option value="">The nearest location that has everything</option>
            {copyLocations.map((c) => (
              <option key={c.id} value={c.id}>
                Copy location {c.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
      ) : null}
      {isAdmin && dest === "original" ? (
        <div className="sm:col-span-3 grid gap-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm dark:border-amber-500/30 dark:bg-amber-500/10">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
            Admin override: replace the original even if the safety backup fails
          </label>
          {override ? (
            <Field id="pitr-override-confirm" label="Type the target name again to override" error={fields.overrideConfirm ?? fields.overrideSafety}>
              <Input id="pitr-override-confirm" value={overrideConfirm} onChange={(e) => setOverrideConfirm(e.target.value)} autoComplete="off" />
            </Field>
          ) : null}
        </div>
      ) : null}
      <Field id="pitr-confirm" label={`Type "${targetName}" to confirm`} error={fields.confirm}>
        <Input id="pitr-confirm" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" required />
      </Field>
      <div className="sm:col-span-3 flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Checking…" : dest === "original" ? "Replace the original with this moment" : "Restore to this moment"}
        </Button>
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
