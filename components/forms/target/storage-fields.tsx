"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import type { TargetDto } from "@/lib/services/targets/dto";
import type { StorageChoice } from "@/lib/services/targets/storage-choices";

const COPY_KEEP = [
  { key: "keepDays", label: "days" },
  { key: "keepLast", label: "last" },
  { key: "keepDaily", label: "daily" },
  { key: "keepWeekly", label: "weekly" },
  { key: "keepMonthly", label: "monthly" },
  { key: "keepYearly", label: "yearly" },
] as const;

type Copy = { storageId: string; retention: Record<string, string> };
const text = (n: number | null | undefined) => (n == null ? "" : String(n));
const describe = (l: StorageChoice) => `${l.name} (${l.kind}${l.encryption === "age" ? ", encrypted" : ""})`;

/** The body's `storage` from the form's state ("" = default / no rule). */
export function storagePayload(primary: string, copies: Copy[], lag: string) {
  return { primary: primary || null, copies: copies.filter((c) => c.storageId).map((c) => ({ storageId: c.storageId, retention: c.retention })), lagLimitHours: lag };
}

/**
 * The target form's Storage section: the primary location and the copy locations, each copy with
 * its own retention (offsite e.g. daily 30, weekly 12, monthly 12, yearly 7).
 */
export function StorageFields({ locations, target, errors, onChange }: {
  locations: StorageChoice[];
  target?: TargetDto;
  errors: Record<string, string>;
  onChange: (payload: ReturnType<typeof storagePayload>) => void;
}) {
  const s = target?.storage;
  const [primary, setPrimary] = useState(s?.primary != null ? String(s.primary) : "");
  const [copies, setCopies] = useState<Copy[]>(
    () => s?.copies.map((c) => ({ storageId: String(c.storageId), retention: Object.fromEntries(COPY_KEEP.map((k) => [k.key, text(c.retention[k.key])])) })) ?? [],
  );
  const [lag, setLag] = useState(text(s?.lagLimitHours));
  const update = (p: string, c: Copy[], l: string) => {
    setPrimary(p);
    setCopies(c);
    setLag(l);
    onChange(storagePayload(p, c, l));
  };
  const setCopy = (i: number, patch: Partial<Copy>) => update(primary, copies.map((c, j) => (j === i ? { ...c, ...patch } : c)), lag);

  return (
    <fieldset className="grid gap-3 rounded-md border border-border p-3">
      <legend className="px-1 text-sm font-medium">Storage and copies</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="storagePrimary" label="Primary location" error={errors["storage.primary"]} hint="Backups are written here">
          <NativeSelect id="storagePrimary" value={primary} onChange={(e) => update(e.target.value, copies, lag)}>
            <option value="">Default local storage</option>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {describe(l)}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="storageLag" label="Offsite copy limit (hours)" error={errors["storage.lagLimitHours"]} hint="Alert when the newest offsite copy is older; empty: 26">
          <Input id="storageLag" inputMode="numeric" value={lag} onChange={(e) => update(primary, copies, e.target.value)} />
        </Field>
      </div>
      {copies.map((c, i) => (
        <div key={i} className="grid gap-2 rounded-md border border-dashed border-border p-2">
          <div className="flex items-end gap-2">
            <Field id={`copy-${i}-storage`} label={`Copy ${i + 1} to`} error={errors[`storage.copies.${i}.storageId`]} className="flex-1">
              <NativeSelect id={`copy-${i}-storage`} value={c.storageId} onChange={(e) => setCopy(i, { storageId: e.target.value })}>
                <option value="">Choose a location</option>
                {locations.map((l) => (
                  <option key={l.id} value={l.id}>
                    {describe(l)}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Button type="button" variant="ghost" onClick={() => update(primary, copies.filter((_, j) => j !== i), lag)}>
              Remove copy {i + 1}
            </Button>
          </div>
          <div className="grid grid-cols-3 gap-2 sm:grid-cols-6">
            {COPY_KEEP.map((k) => (
              <Field key={k.key} id={`copy-${i}-${k.key}`} label={`Keep ${k.label}`} error={errors[`storage.copies.${i}.retention.${k.key}`]}>
                <Input id={`copy-${i}-${k.key}`} inputMode="numeric" value={c.retention[k.key] ?? ""} onChange={(e) => setCopy(i, { retention: { ...c.retention, [k.key]: e.target.value } })} />
              </Field>
            ))}
          </div>
        </div>
      ))}
      <div>
        <Button type="button" variant="outline" disabled={locations.length === 0} onClick={() => update(primary, [...copies, { storageId: "", retention: {} }], lag)}>
          Add a copy location
        </Button>
        {locations.length === 0 ? <p className="mt-1 text-xs text-muted-foreground">Add storage locations (S3, SFTP, a folder) first.</p> : null}
      </div>
    </fieldset>
  );
}
