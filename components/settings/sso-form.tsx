"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { saveSsoSettingsAction } from "@/app/(console)/settings/sign-in/actions";
import type { SsoSettingsView } from "@/lib/services/sso/settings";

type Row = { group: string; role: string };

/** OpenID Connect: provider, client, the group → role table, who may sign in. */
export function SsoForm({ values }: { values: SsoSettingsView }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [rows, setRows] = useState<Row[]>(values.roleMap.length ? values.roleMap : [{ group: "", role: "viewer" }]);
  const [fe, setFe] = useState<Record<string, string>>({});
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const locked = values.source === "env";
  const setRow = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <form
      className="grid max-w-xl gap-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const s = (k: string) => String(f.get(k) ?? "");
        start(async () => {
          const r = await saveSsoSettingsAction({
            enabled: f.get("enabled") === "on",
            name: s("name"),
            issuer: s("issuer"),
            clientId: s("clientId"),
            clientSecret: s("clientSecret"),
            scopes: s("scopes"),
            groupsClaim: s("groupsClaim"),
            roleMap: rows.filter((row) => row.group.trim()),
            defaultRole: s("defaultRole"),
            allowedDomains: s("allowedDomains").split(/[\s,]+/).filter(Boolean),
          });
          setFe(r.ok ? {} : (r.fieldErrors ?? {}));
          setMsg(r.ok ? { ok: true, text: "Single sign-on saved." } : { ok: false, text: r.error });
          if (r.ok) router.refresh();
        });
      }}
    >
      {locked ? <Alert>Set by the LIFEBOAT_OIDC_* environment variables: change them there and restart.</Alert> : null}
      {msg ? <Alert variant={msg.ok ? "success" : "destructive"}>{msg.text}</Alert> : null}
      <fieldset disabled={locked} className="grid gap-4">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={values.enabled} />
          Offer single sign-on on the sign-in page
        </label>
        <Field id="sso-name" label="Button name" error={fe.name} hint="Shown as “Sign in with <name>”">
          <Input id="sso-name" name="name" defaultValue={values.name} />
        </Field>
        <Field id="sso-issuer" label="Issuer URL" error={fe.issuer} hint="The provider's issuer (its /.well-known/openid-configuration lives below it)">
          <Input id="sso-issuer" name="issuer" defaultValue={values.issuer} placeholder="https://sso.example.com/realms/team" />
        </Field>
        <Field id="sso-client-id" label="Client id" error={fe.clientId}>
          <Input id="sso-client-id" name="clientId" defaultValue={values.clientId} autoComplete="off" />
        </Field>
        <Field id="sso-client-secret" label="Client secret" error={fe.clientSecret} hint={values.clientSecretSet ? "A secret is set (never shown); leave empty to keep it" : "Stored encrypted, never shown again"}>
          <Input id="sso-client-secret" name="clientSecret" type="password" autoComplete="new-password" placeholder={values.clientSecretSet ? "•••••• (set)" : ""} />
        </Field>
        <Field id="sso-scopes" label="Scopes" error={fe.scopes} hint="Space-separated; add the one that releases groups if your provider needs it (e.g. groups)">
          <Input id="sso-scopes" name="scopes" defaultValue={values.scopes} />
        </Field>
        <Field id="sso-groups-claim" label="Groups claim" error={fe.groupsClaim} hint="The claim that lists the user's groups">
          <Input id="sso-groups-claim" name="groupsClaim" defaultValue={values.groupsClaim} />
        </Field>
        <fieldset className="grid gap-2">
          <legend className="text-sm font-medium">Group → role (the highest matching role wins, checked at every sign-in)</legend>
          {rows.map((row, i) => (
            <div key={i} className="flex items-center gap-2">
              <Input aria-label={`Group ${i + 1}`} value={row.group} onChange={(e) => setRow(i, { group: e.target.value })} placeholder="group name" />
              <NativeSelect aria-label={`Role for group ${i + 1}`} value={row.role} onChange={(e) => setRow(i, { role: e.target.value })} className="w-36">
                <option value="viewer">viewer</option>
                <option value="operator">operator</option>
                <option value="admin">admin</option>
              </NativeSelect>
              <Button type="button" variant="ghost" size="sm" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                Remove
              </Button>
            </div>
          ))}
          <div>
            <Button type="button" variant="outline" size="sm" onClick={() => setRows([...rows, { group: "", role: "viewer" }])}>
              Add group
            </Button>
          </div>
        </fieldset>
        <Field id="sso-default-role" label="Users in none of these groups" error={fe.defaultRole}>
          <NativeSelect id="sso-default-role" name="defaultRole" defaultValue={values.defaultRole}>
            <option value="none">are refused</option>
            <option value="viewer">become viewers</option>
            <option value="operator">become operators</option>
            <option value="admin">become admins</option>
          </NativeSelect>
        </Field>
        <Field id="sso-domains" label="Allowed email domains" error={fe.allowedDomains ?? fe["allowedDomains.0"]} hint="Comma-separated, e.g. example.com; empty = any (the provider must mark the email verified)">
          <Input id="sso-domains" name="allowedDomains" defaultValue={values.allowedDomains.join(", ")} />
        </Field>
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save single sign-on"}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
