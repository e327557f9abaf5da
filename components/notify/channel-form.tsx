"use client";

import { useActionState, useState } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { EVENT_TITLES, EVENT_TYPE_OPTIONS } from "@/lib/ui/event-labels";
import type { ChannelDto } from "@/lib/services/channels/dto";
import type { FilterOptions } from "@/lib/services/channels/list";
import { saveChannelAction, type SaveChannelState } from "@/app/(console)/settings/notifications/actions";

const DEFAULT_EVENTS = ["run.failed", "run.partial", "target.overdue", "target.recovered", "restore.failed", "test_restore.failed"];

type Values = Record<string, unknown>;

function valuesOf(c: ChannelDto | null): Values {
  if (!c) return { type: "email", port: 587, eventTypes: DEFAULT_EVENTS, digestHour: 8, enabled: true };
  return {
    type: c.type,
    name: c.name,
    ...(c.email ? { ...c.email, to: c.email.to.join("\n") } : {}),
    ...(c.webhook ? { slack: c.webhook.slack, allowInternal: c.webhook.allowInternal } : {}),
    eventTypes: c.eventTypes,
    appIds: c.appIds,
    targetIds: c.targetIds,
    digest: c.digest,
    digestHour: c.digestHour,
    enabled: c.enabled,
  };
}

const str = (v: unknown) => (v == null ? "" : Array.isArray(v) ? v.join("\n") : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

/** Add or edit a notification channel. Stored secrets are never sent here: the form says "set". */
export function ChannelForm({ channel, options }: { channel: ChannelDto | null; options: FilterOptions }) {
  const [state, action, pending] = useActionState<SaveChannelState, FormData>(saveChannelAction, null);
  const v: Values = state?.values ?? valuesOf(channel);
  const [type, setType] = useState<string>(String(v.type ?? "email"));
  const fe = state?.fieldErrors ?? {};
  const err = (k: string) => fe[k] ?? Object.entries(fe).find(([key]) => key.startsWith(`${k}.`))?.[1];
  const events = list(v.eventTypes);
  const appIds = list(v.appIds);
  const targetIds = list(v.targetIds);
  // Remount after each failed submit so the echoed values become the defaults again.
  const formKey = state ? JSON.stringify(state.values) : "initial";

  return (
    <form key={formKey} action={action} className="grid max-w-2xl gap-4" aria-label={channel ? `Edit channel ${channel.name}` : "New channel"} noValidate>
      {state?.error ? <Alert variant="destructive">{state.error}</Alert> : null}
      {channel ? <input type="hidden" name="id" value={channel.id} /> : null}
      <Field id="ch-name" label="Name" error={err("name")} hint="e.g. “Ops mailbox” or “#backups on Slack”.">
        <Input id="ch-name" name="name" defaultValue={str(v.name)} required aria-invalid={Boolean(err("name"))} />
      </Field>
      <Field id="ch-type" label="Type" error={err("type")}>
        {channel ? (
          <>
            <input type="hidden" name="type" value={type} />
            <Input id="ch-type" value={type === "email" ? "Email (SMTP)" : "Webhook"} readOnly />
          </>
        ) : (
          <NativeSelect id="ch-type" name="type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="email">Email (SMTP)</option>
            <option value="webhook">Webhook</option>
          </NativeSelect>
        )}
      </Field>

      {type === "email" ? (
        <fieldset className="grid gap-3 rounded-md border border-border p-3">
          <legend className="px-1 text-sm font-medium">SMTP server</legend>
          <div className="grid gap-3 sm:grid-cols-[1fr_8rem]">
            <Field id="ch-host" label="SMTP host" error={err("host")}>
              <Input id="ch-host" name="host" defaultValue={str(v.host)} aria-invalid={Boolean(err("host"))} />
            </Field>
            <Field id="ch-port" label="Port" error={err("port")}>
              <Input id="ch-port" name="port" type="number" min={1} max={65535} defaultValue={str(v.port)} />
            </Field>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="secure" defaultChecked={Boolean(v.secure)} />
            TLS from the start (port 465); otherwise STARTTLS is used when the server offers it
          </label>
          <Field id="ch-user" label="SMTP user (optional)" error={err("user")}>
            <Input id="ch-user" name="user" autoComplete="off" defaultValue={str(v.user)} />
          </Field>
          <Field
            id="ch-password"
            label="SMTP password"
            error={err("password")}
            hint={channel?.passwordSet ? "A password is set. Leave empty to keep it, or type a new one to replace it." : "Not set."}
          >
            <Input id="ch-password" name="password" type="password" autoComplete="new-password" />
          </Field>
          {channel?.passwordSet ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="clearPassword" /> Remove the stored password
            </label>
          ) : null}
          <Field id="ch-from" label="From" error={err("from")} hint="e.g. Lifeboat <lifeboat@example.com>">
            <Input id="ch-from" name="from" defaultValue={str(v.from)} aria-invalid={Boolean(err("from"))} />
          </Field>
          <Field id="ch-to" label="To" error={err("to")} hint="One address per line (or comma-separated).">
            <Textarea id="ch-to" name="to" rows={3} defaultValue={str(v.to)} aria-invalid={Boolean(err("to"))} />
          </Field>
        </fieldset>
      ) : (
        <fieldset className="grid gap-3 rounded-md border border-border p-3">
          <legend className="px-1 text-sm font-medium">Webhook</legend>
          <Field
            id="ch-url"
            label="Webhook URL"
            error={err("url")}
            hint={
              channel?.urlSet
                ? `Set (${channel.webhook?.urlDisplay}). Leave empty to keep it, or paste a new URL to replace it.`
                : "Lifeboat POSTs JSON here. The URL is stored encrypted: Slack-style URLs are credentials."
            }
          >
            <Input id="ch-url" name="url" type="url" autoComplete="off" aria-invalid={Boolean(err("url"))} />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="slack" defaultChecked={Boolean(v.slack)} />
            Slack-compatible (send {"{ \"text\": … }"}; works with Slack, Mattermost, Rocket.Chat)
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="allowInternal" defaultChecked={Boolean(v.allowInternal)} />
            Allow internal addresses (loopback, link-local such as 169.254.169.254, this console&apos;s own address)
          </label>
          <Field
            id="ch-hmac"
            label="Signing secret (optional)"
            error={err("hmacSecret")}
            hint={
              channel?.hmacSecretSet
                ? "A secret is set. Leave empty to keep it. Requests carry X-Lifeboat-Signature: sha256=<HMAC of the body>."
                : "When set, requests carry X-Lifeboat-Signature: sha256=<HMAC of the raw body> and X-Lifeboat-Timestamp."
            }
          >
            <Input id="ch-hmac" name="hmacSecret" type="password" autoComplete="new-password" />
          </Field>
          {channel?.hmacSecretSet ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="clearHmacSecret" /> Remove the signing secret
            </label>
          ) : null}
        </fieldset>
      )}

      <fieldset className="grid gap-1.5">
        <legend className="text-sm font-medium">Events</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {EVENT_TYPE_OPTIONS.map((t) => (
            <label key={t} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="eventTypes" value={t} defaultChecked={events.includes(t)} />
              {EVENT_TITLES[t]}
            </label>
          ))}
        </div>
        {err("eventTypes") ? <p role="alert" className="text-xs text-destructive">{err("eventTypes")}</p> : null}
      </fieldset>

      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="ch-apps" label="Only these apps" hint="None selected = all apps. Ctrl/Cmd-click to pick several.">
          <NativeSelect id="ch-apps" name="appIds" multiple defaultValue={appIds} className="h-28">
            {options.apps.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="ch-targets" label="Only these targets" hint="None selected = all targets.">
          <NativeSelect id="ch-targets" name="targetIds" multiple defaultValue={targetIds} className="h-28">
            {options.targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.appName}/{t.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>

      <div className="grid gap-3 sm:grid-cols-[1fr_12rem] sm:items-end">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="digest" defaultChecked={Boolean(v.digest)} />
          Daily digest: one summary a day instead of a message per event
        </label>
        <Field id="ch-digest-hour" label="Digest hour (console timezone)" error={err("digestHour")}>
          <NativeSelect id="ch-digest-hour" name="digestHour" defaultValue={str(v.digestHour ?? 8)}>
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {String(h).padStart(2, "0")}:00
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={v.enabled !== false} /> Enabled
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : channel ? "Save channel" : "Create channel"}
        </Button>
        <Button asChild variant="outline">
          <Link href="/settings/notifications">Cancel</Link>
        </Button>
      </div>
    </form>
  );
}
