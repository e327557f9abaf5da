"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import type { StorageDto } from "@/lib/services/storage-locations/dto";
import { createStorageAction, updateStorageAction } from "@/app/(console)/settings/storage/actions";
import { KIND_FIELDS, KIND_LABELS, settingsOf } from "./kind-fields";

type Values = Record<string, string | boolean>;

function initial(loc: StorageDto | null): Values {
  if (!loc) return { kind: "local", encryption: "none", name: "", recipients: "" };
  const v: Values = { kind: loc.kind, name: loc.name, encryption: loc.encryption, recipients: loc.ageRecipients.join("\n") };
  for (const f of KIND_FIELDS[loc.kind] ?? []) {
    const s = loc.settings[f.name];
    if (f.secret) continue; // never shown back: the field stays empty and the hint says it is set
    v[f.name] = f.kind === "checkbox" ? Boolean(s) : s == null ? "" : String(s);
  }
  return v;
}

/** Add or edit a storage location: the fields of its kind, encryption, and the SFTP host key confirmation. */
export function LocationForm({ location }: { location: StorageDto | null }) {
  const router = useRouter();
  const [v, setV] = useState<Values>(() => initial(location));
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [hostKey, setHostKey] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const kind = String(v.kind);
  const set = (k: string, val: string | boolean) => setV((old) => ({ ...old, [k]: val }));
  const err = (k: string) => fieldErrors[k];

  const submit = (values: Values) =>
    start(async () => {
      setError(null);
      setHostKey(null);
      const body = {
        name: String(values.name),
        settings: settingsOf(kind, values),
        encryption: values.encryption,
        ageRecipients: String(values.recipients).split(/\n/).map((r) => r.trim()).filter(Boolean),
      };
      const r = location ? await updateStorageAction(location.id, body) : await createStorageAction({ ...body, kind });
      if (r.ok) return router.push(`/settings/storage?saved=${encodeURIComponent(r.data.name)}`);
      const fe = r.fieldErrors ?? {};
      const fp = fe["settings.hostKeyFingerprint"];
      if (fp && /^SHA256:/.test(fp)) return setHostKey(fp);
      setError(r.error);
      setFieldErrors(fe);
    });

  return (
    <form
      className="grid max-w-2xl gap-4"
      aria-label={location ? `Edit storage location ${location.name}` : "New storage location"}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit(v);
      }}
    >
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      {hostKey ? (
        <Alert>
          <p className="font-medium">Confirm the server&apos;s host key</p>
          <p className="mt-1 text-sm">
            The server shows host key <code className="break-all font-mono" data-testid="host-key">{hostKey}</code>. Compare it with{" "}
            <code className="font-mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the server. Once pinned, a different key is refused.
          </p>
          <Button type="button" className="mt-2" size="sm" disabled={pending} onClick={() => (set("hostKeyFingerprint", hostKey), submit({ ...v, hostKeyFingerprint: hostKey }))}>
            Trust this key and save
          </Button>
        </Alert>
      ) : null}
      <Field id="st-name" label="Name" error={err("name")} hint="e.g. “NAS” or “Offsite S3”.">
        <Input id="st-name" value={String(v.name)} onChange={(e) => set("name", e.target.value)} aria-invalid={Boolean(err("name"))} />
      </Field>
      <Field id="st-kind" label="Kind">
        <NativeSelect id="st-kind" value={kind} disabled={Boolean(location)} onChange={(e) => set("kind", e.target.value)}>
          {Object.entries(KIND_LABELS).map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <fieldset className="grid gap-3 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-medium">{KIND_LABELS[kind]}</legend>
        {(KIND_FIELDS[kind] ?? []).map((f) => {
          const id = `st-${f.name}`;
          const e = err(`settings.${f.name}`);
          if (f.kind === "checkbox") {
            return (
              <label key={f.name} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={Boolean(v[f.name])} onChange={(ev) => set(f.name, ev.target.checked)} /> {f.label}
              </label>
            );
          }
          const isSet = Boolean(f.secret && location?.settings[f.name]);
          const hint = isSet ? "Set. Leave empty to keep it, or type a new one to replace it." : f.hint;
          const common = { id, value: String(v[f.name] ?? ""), placeholder: f.placeholder, "aria-invalid": Boolean(e) };
          return (
            <Field key={f.name} id={id} label={f.label} error={e} hint={hint}>
              {f.kind === "textarea" ? (
                <Textarea {...common} rows={4} className="font-mono text-xs" onChange={(ev) => set(f.name, ev.target.value)} />
              ) : (
                <Input {...common} type={f.kind === "password" ? "password" : f.kind === "number" ? "number" : "text"} autoComplete={f.secret ? "new-password" : "off"} onChange={(ev) => set(f.name, ev.target.value)} />
              )}
            </Field>
          );
        })}
      </fieldset>
      <Field id="st-encryption" label="Encryption" hint="age: Lifeboat makes a key pair and keeps the secret key sealed; it is in the recovery kit. Artifacts open with `age -d -i identity.txt`.">
        <NativeSelect id="st-encryption" value={String(v.encryption)} onChange={(e) => set("encryption", e.target.value)}>
          <option value="none">None</option>
          <option value="age">age (encrypt every artifact stored here)</option>
        </NativeSelect>
      </Field>
      {v.encryption === "age" ? (
        <Field id="st-recipients" label="Extra public keys (optional)" error={err("ageRecipients") ?? err("ageRecipients.0")} hint="One per line: age1… or ssh-ed25519 …, e.g. an offline key kept in a safe. Artifacts are encrypted to these too.">
          <Textarea id="st-recipients" rows={3} className="font-mono text-xs" value={String(v.recipients)} onChange={(e) => set("recipients", e.target.value)} />
        </Field>
      ) : null}
      {location?.ageRecipient ? <p className="break-all text-xs text-muted-foreground">Lifeboat&apos;s public key for this location: <code className="font-mono">{location.ageRecipient}</code></p> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : location ? "Save" : "Add location"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.push("/settings/storage")}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
