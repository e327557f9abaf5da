"use client";

import { useActionState, useState, type ReactNode } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { EVENT_TITLES, EVENT_TYPE_OPTIONS } from "@/lib/ui/event-labels";
import { clearFlag } from "@/lib/ui/secret-field";
import type { ChannelDto } from "@/lib/services/channels/dto";
import type { ChannelField, ChannelTypeInfo } from "@/lib/services/channels/types";
import type { FilterOptions } from "@/lib/services/channels/list";
import { saveChannelAction, type SaveChannelState } from "@/app/(console)/settings/notifications/actions";

const DEFAULT_EVENTS = ["run.failed", "run.partial", "target.overdue", "target.recovered", "restore.failed", "test_restore.failed"];

type Values = Record<string, unknown>;

function valuesOf(c: ChannelDto | null, types: ChannelTypeInfo[]): Values {
  if (!c) return { type: types[0]?.type, ...types[0]?.defaults, eventTypes: DEFAULT_EVENTS, digestHour: 8, enabled: true };
  return {
    type: c.type,
    name: c.name,
    ...c.settings,
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
export function ChannelForm({ channel, options, types }: { channel: ChannelDto | null; options: FilterOptions; types: ChannelTypeInfo[] }) {
  const [state, action, pending] = useActionState<SaveChannelState, FormData>(saveChannelAction, null);
  const v: Values = state?.values ?? valuesOf(channel, types);
  const [type, setType] = useState<string>(String(v.type ?? types[0]?.type));
  const info = types.find((t) => t.type === type) ?? types[0]!;
  // A type switched to on a new channel starts from that type's defaults.
  const shown: Values = channel || state || type === v.type ? v : { ...v, ...info.defaults };
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
            <Input id="ch-type" value={info.label} readOnly />
          </>
        ) : (
          <NativeSelect id="ch-type" name="type" value={type} onChange={(e) => setType(e.target.value)}>
            {types.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </NativeSelect>
        )}
      </Field>

      <fieldset className="grid gap-3 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-medium">{info.legend}</legend>
        <TransportFields fields={info.fields} values={shown} secretsSet={channel?.type === info.type ? channel.secretsSet : {}} settings={channel?.settings ?? {}} err={err} />
      </fieldset>

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

/** The chosen type's own fields, drawn from its field list (lib/engine/notify/transports/<type>/). */
function TransportFields({
  fields,
  values,
  secretsSet,
  settings,
  err,
}: {
  fields: ChannelField[];
  values: Values;
  secretsSet: Record<string, boolean>;
  settings: Record<string, unknown>;
  err: (k: string) => string | undefined;
}) {
  const out: ReactNode[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.pairWithNext && fields[i + 1]) {
      const g = fields[++i]!;
      out.push(
        <div key={f.name} className="grid gap-3 sm:grid-cols-[1fr_8rem]">
          <OneField f={f} values={values} secretsSet={secretsSet} settings={settings} err={err} />
          <OneField f={g} values={values} secretsSet={secretsSet} settings={settings} err={err} />
        </div>,
      );
    } else out.push(<OneField key={f.name} f={f} values={values} secretsSet={secretsSet} settings={settings} err={err} />);
  }
  return <>{out}</>;
}

function OneField({
  f,
  values,
  secretsSet,
  settings,
  err,
}: {
  f: ChannelField;
  values: Values;
  secretsSet: Record<string, boolean>;
  settings: Record<string, unknown>;
  err: (k: string) => string | undefined;
}) {
  const id = `ch-${f.name}`;
  const e = err(f.name);
  if (f.kind === "checkbox") {
    return (
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name={f.name} defaultChecked={Boolean(values[f.name])} />
        {f.label}
      </label>
    );
  }
  if (f.kind === "secret") {
    const set = Boolean(secretsSet[f.name]);
    const hint = (set ? f.hintWhenSet : f.hint)?.replace(/\{(\w+)\}/g, (_m, k: string) => str(settings[k]));
    return (
      <>
        <Field id={id} label={f.label} error={e} hint={hint}>
          <Input id={id} name={f.name} type="password" autoComplete="new-password" placeholder={f.placeholder} aria-invalid={Boolean(e)} />
        </Field>
        {set && f.clearLabel ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={clearFlag(f.name)} /> {f.clearLabel}
          </label>
        ) : null}
      </>
    );
  }
  return (
    <Field id={id} label={f.label} error={e} hint={f.hint}>
      {f.kind === "lines" ? (
        <Textarea id={id} name={f.name} rows={3} defaultValue={str(values[f.name])} placeholder={f.placeholder} aria-invalid={Boolean(e)} />
      ) : (
        <Input
          id={id}
          name={f.name}
          type={f.kind === "number" ? "number" : f.kind === "url" ? "url" : "text"}
          autoComplete="off"
          defaultValue={str(values[f.name])}
          placeholder={f.placeholder}
          aria-invalid={Boolean(e)}
        />
      )}
    </Field>
  );
}
