"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import type { ServerDto } from "@/lib/services/servers/dto";
import type { ActionResult } from "@/lib/actions/safe-action";
import { createServerAction, updateServerAction } from "@/app/(console)/settings/servers/actions";

type Values = { name: string; host: string; port: string; username: string; auth: "key" | "password"; privateKey: string; password: string; hostKeyFingerprint: string; maxParallel: string };

const initial = (s: ServerDto | null): Values => ({
  name: s?.name ?? "",
  host: s?.host ?? "",
  port: s?.port != null ? String(s.port) : "22",
  username: s?.username ?? "",
  auth: s?.auth ?? "key",
  // Secrets are never shown back: empty keeps the stored one.
  privateKey: "",
  password: "",
  hostKeyFingerprint: s?.hostKeyFingerprint ?? "",
  maxParallel: s?.maxParallel != null ? String(s.maxParallel) : "4",
});

/** The API body: empty fields left out (a stored secret is kept, a default applies); only the chosen secret is sent. */
function bodyOf(v: Values, editing: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: v.name, host: v.host, port: v.port, username: v.username, maxParallel: v.maxParallel };
  const secret = v.auth === "key" ? { privateKey: v.privateKey } : { password: v.password };
  for (const [k, val] of Object.entries(secret)) if (val.trim() !== "" || !editing) out[k] = val;
  if (v.hostKeyFingerprint.trim()) out.hostKeyFingerprint = v.hostKeyFingerprint.trim();
  return out;
}

/**
 * Add or edit a server. Saving connects once: a server whose host key nobody confirmed yet stops
 * here with the key shown for the admin to compare and trust (as the SFTP storage location form does).
 */
export function ServerForm({ server }: { server: ServerDto | null }) {
  const router = useRouter();
  const [v, setV] = useState<Values>(() => initial(server));
  // After "Add", the server exists: the form goes on as its edit form (confirm the key, fix the login).
  const [saved, setSaved] = useState<ServerDto | null>(server);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [hostKey, setHostKey] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const set = <K extends keyof Values>(k: K, val: Values[K]) => setV((old) => ({ ...old, [k]: val }));
  const err = (k: string) => fieldErrors[k];
  const secretSet = Boolean(saved?.secretSet && saved.auth === v.auth);

  const after = (r: ActionResult<ServerDto>) => {
    if (!r.ok) {
      setError(r.error);
      setFieldErrors(r.fieldErrors ?? {});
      return;
    }
    const s = r.data;
    setSaved(s);
    setFieldErrors({});
    setV((old) => ({ ...old, privateKey: "", password: "", hostKeyFingerprint: s.hostKeyFingerprint ?? "" }));
    if (!s.hostKeyFingerprint && s.seenHostKey) return setHostKey(s.seenHostKey);
    if (s.reachable) return router.push(`/settings/servers?saved=${encodeURIComponent(s.name)}`);
    setError(`Saved, but the check failed: ${s.lastError ?? "the server did not answer"}`);
  };

  const submit = (values: Values) =>
    start(async () => {
      setError(null);
      setHostKey(null);
      const body = bodyOf(values, Boolean(saved));
      after(saved?.id != null ? await updateServerAction(saved.id, body) : await createServerAction(body));
    });

  return (
    <form
      className="grid max-w-2xl gap-4"
      aria-label={server ? `Edit server ${server.name}` : "New server"}
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
            <code className="break-all font-mono">ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> on the server. Once pinned, a different key is refused and nothing runs there until an admin looks.
          </p>
          <Button type="button" className="mt-2" size="sm" disabled={pending} onClick={() => (set("hostKeyFingerprint", hostKey), submit({ ...v, hostKeyFingerprint: hostKey }))}>
            Trust this key and save
          </Button>
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="sv-name" label="Name" error={err("name")} hint="e.g. “app-2” or “db-server”.">
          <Input id="sv-name" value={v.name} onChange={(e) => set("name", e.target.value)} aria-invalid={Boolean(err("name"))} />
        </Field>
        <Field id="sv-host" label="Host" error={err("host")} hint="Host name or IP address.">
          <Input id="sv-host" value={v.host} spellCheck={false} autoComplete="off" onChange={(e) => set("host", e.target.value)} aria-invalid={Boolean(err("host"))} />
        </Field>
        <Field id="sv-port" label="Port" error={err("port")}>
          <Input id="sv-port" inputMode="numeric" value={v.port} onChange={(e) => set("port", e.target.value)} aria-invalid={Boolean(err("port"))} />
        </Field>
        <Field id="sv-username" label="User name" error={err("username")} hint="The account the dump tools run as.">
          <Input id="sv-username" value={v.username} spellCheck={false} autoComplete="off" onChange={(e) => set("username", e.target.value)} aria-invalid={Boolean(err("username"))} />
        </Field>
      </div>
      <fieldset className="grid gap-3 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-medium">Sign in with</legend>
        <div className="flex flex-wrap gap-4 text-sm" role="radiogroup" aria-label="Sign in with">
          {(["key", "password"] as const).map((m) => (
            <label key={m} className="flex items-center gap-1.5">
              <input type="radio" name="sv-auth" value={m} checked={v.auth === m} onChange={() => set("auth", m)} />
              {m === "key" ? "Private key" : "Password"}
            </label>
          ))}
        </div>
        {v.auth === "key" ? (
          <Field id="sv-privateKey" label="Private key" error={err("privateKey")} hint={secretSet ? "Set. Leave empty to keep it, or paste a new one to replace it." : "OpenSSH or PEM format; stored encrypted, never shown again."}>
            <Textarea
              id="sv-privateKey"
              rows={5}
              className="font-mono text-xs"
              spellCheck={false}
              placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
              value={v.privateKey}
              onChange={(e) => set("privateKey", e.target.value)}
              aria-invalid={Boolean(err("privateKey"))}
            />
          </Field>
        ) : (
          <Field id="sv-password" label="Password" error={err("password") ?? err("privateKey")} hint={secretSet ? "Set. Leave empty to keep it, or type a new one to replace it." : "Stored encrypted, never shown again."}>
            <Input id="sv-password" type="password" autoComplete="new-password" value={v.password} onChange={(e) => set("password", e.target.value)} aria-invalid={Boolean(err("password"))} />
          </Field>
        )}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="sv-hostKeyFingerprint" label="Host key fingerprint" error={err("hostKeyFingerprint")} hint="Leave empty: Lifeboat reads it from the server and asks you to confirm it.">
          <Input
            id="sv-hostKeyFingerprint"
            className="font-mono text-xs"
            spellCheck={false}
            autoComplete="off"
            placeholder="SHA256:…"
            value={v.hostKeyFingerprint}
            onChange={(e) => set("hostKeyFingerprint", e.target.value)}
            aria-invalid={Boolean(err("hostKeyFingerprint"))}
          />
        </Field>
        <Field id="sv-maxParallel" label="Parallel jobs" error={err("maxParallel")} hint="At most this many backups or restores at once on this server.">
          <Input id="sv-maxParallel" inputMode="numeric" value={v.maxParallel} onChange={(e) => set("maxParallel", e.target.value)} aria-invalid={Boolean(err("maxParallel"))} />
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Connecting…" : saved ? "Save" : "Add server"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.push("/settings/servers")}>
          {saved && !server ? "Back to servers" : "Cancel"}
        </Button>
      </div>
    </form>
  );
}
