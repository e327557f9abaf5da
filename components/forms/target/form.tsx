"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { createTargetAction, updateTargetAction } from "@/app/(console)/targets/actions";
import type { TargetDto } from "@/lib/services/targets/dto";
import type { TargetTypeDto } from "@/lib/services/targets/type-catalog";
import { SourceFields, sourcePayload, sourceStateOf, withDefaults, type SourceState } from "./source-fields";
import { TestConnection, useConnectionCheck } from "./test-connection";
import { StorageFields, storagePayload } from "./storage-fields";
import type { StorageChoice } from "@/lib/services/targets/storage-choices";
import { ServerChoice } from "./server-choice";

const RETENTION: { key: keyof TargetDto["retention"]; label: string }[] = [
  { key: "keepDays", label: "Keep days" },
  { key: "keepLast", label: "Keep last" },
  { key: "keepHourly", label: "Keep hourly" },
  { key: "keepDaily", label: "Keep daily" },
  { key: "keepWeekly", label: "Keep weekly" },
  { key: "keepMonthly", label: "Keep monthly" },
  { key: "keepYearly", label: "Keep yearly" },
];

const numText = (n: number | null | undefined) => (n == null ? "" : String(n));

/**
 * The one target form: create and edit. The type select switches the source fields, drawn from
 * the type's field list (lib/services/targets/type-catalog.ts); what does not apply to a type
 * Lifeboat does not run (external) is not shown.
 */
export function TargetForm({
  apps,
  types,
  target,
  defaultAppId,
  locations = [],
  servers = [],
}: {
  apps: { id: number; name: string }[];
  types: TargetTypeDto[];
  target?: TargetDto;
  defaultAppId?: number;
  /** Storage locations for the primary and the copies. */
  locations?: StorageChoice[];
  /** The servers besides Local (Settings → Servers) a folder, PostgreSQL or script target can run on. */
  servers?: { id: number; name: string }[];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fe, setFe] = useState<Record<string, string>>({});
  const [type, setType] = useState<string>(target?.type ?? "filesystem");
  const typeDto = types.find((t) => t.type === type);
  const [source, setSource] = useState<SourceState>(() => sourceStateOf(types.find((t) => t.type === (target?.type ?? "filesystem")), target?.source));
  const set = (patch: Partial<SourceState>) => setSource((s) => ({ ...s, ...patch }));
  const secretSet = Boolean(target?.secretSet) && type === target?.type;
  const runs = typeDto?.runsBackups ?? true;
  const check = useConnectionCheck();
  const [serverId, setServerId] = useState<string>(target?.serverId != null ? String(target.serverId) : "local");
  const remote = serverId !== "local";
  const [storage, setStorage] = useState(() =>
    storagePayload(
      target?.storage.primary != null ? String(target.storage.primary) : "",
      (target?.storage.copies ?? []).map((c) => ({ storageId: String(c.storageId), retention: Object.fromEntries(Object.entries(c.retention).map(([k, v]) => [k, v == null ? "" : String(v)])) })),
      target?.storage.lagLimitHours != null ? String(target.storage.lagLimitHours) : "",
    ),
  );

  function changeType(next: string) {
    setType(next);
    check.reset();
    // Fill the new type's defaults (a database port) where nothing, or another type's default, was typed.
    setSource((s) => withDefaults(types.find((t) => t.type === next), s, types));
  }

  const hooksOf = (form: HTMLFormElement | null) => {
    const f = form ? new FormData(form) : null;
    return { preHook: String(f?.get("preHook") ?? ""), postHook: String(f?.get("postHook") ?? "") };
  };
  const testConnection = (form: HTMLFormElement | null) =>
    check.run({ type, source: sourcePayload(typeDto, source), targetId: target && type === target.type ? target.id : undefined, serverId, ...hooksOf(form) });

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? "");
    // Settings of the backups Lifeboat runs: absent for a type it does not run (kept as they are).
    const backupSettings = runs
      ? {
          compression: s("compression"),
          ...(typeDto?.resticEngine ? { engine: s("engine") } : {}),
          pathTemplate: s("pathTemplate"),
          storageRoot: s("storageRoot"),
          retention: Object.fromEntries(RETENTION.map((r) => [r.key, s(r.key)])),
          preHook: s("preHook"),
          postHook: s("postHook"),
          timeoutSeconds: s("timeoutSeconds"),
          storage,
        }
      : {};
    const input = {
      appId: s("appId"),
      name: s("name"),
      description: s("description"),
      type,
      source: sourcePayload(typeDto, source),
      ...backupSettings,
      enabled: f.get("enabled") === "on",
      meta: s("meta"),
      serverId,
    };
    start(async () => {
      const r = target ? await updateTargetAction({ id: target.id, ...input }) : await createTargetAction(input);
      if (r.ok) {
        toast.success(target ? `Target ${input.name} saved` : `Target ${input.name} created`);
        router.push(`/targets/${r.data.id}`);
        router.refresh();
      } else {
        setError(r.error);
        setFe(r.fieldErrors ?? {});
      }
    });
  }

  const described = (id: string) => (fe[id] ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {});

  return (
    <form onSubmit={submit} className="grid max-w-2xl gap-5" noValidate>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <section className="grid gap-4 sm:grid-cols-2">
        <Field id="appId" label="App" error={fe.appId}>
          <NativeSelect id="appId" name="appId" defaultValue={String(target?.appId ?? defaultAppId ?? apps[0]?.id ?? "")} {...described("appId")}>
            {apps.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="name" label="Name" error={fe.name} hint="e.g. db, uploads, cctv_daily (used as {target})">
          <Input id="name" name="name" defaultValue={target?.name} required {...described("name")} />
        </Field>
      </section>
      <Field id="description" label="Description" error={fe.description}>
        <Input id="description" name="description" defaultValue={target?.description ?? ""} />
      </Field>
      <Field id="type" label="Type" error={fe.type}>
        <NativeSelect id="type" name="type" value={type} onChange={(e) => changeType(e.target.value)}>
          {types.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      {servers.length > 0 || remote ? (
        <ServerChoice servers={servers} value={serverId} onChange={(v) => (setServerId(v), check.reset())} error={fe.serverId} runsOnServers={typeDto?.runsOnServers ?? false} />
      ) : null}
      {fe.source ? (
        <p role="alert" className="text-xs text-destructive">
          {fe.source}
        </p>
      ) : null}
      <SourceFields
        type={typeDto}
        state={source}
        set={set}
        errors={fe}
        secretSet={secretSet}
        // A SQLite path is looked at when it is left: "no file there yet" is said at once, as a warning.
        onBlurField={(name) => (type === "sqlite" && name === "path" && source.values.path ? testConnection(null) : undefined)}
      />
      {remote ? (
        <>
          <p className="text-xs text-muted-foreground">Test connection runs on the chosen server, over SSH: its database client, its folders, its scripts.</p>
          {typeDto?.runsOnServers ? <TestConnection check={check} onTest={testConnection} /> : null}
        </>
      ) : typeDto?.canTestConnection || runs ? (
        <TestConnection check={check} onTest={testConnection} />
      ) : null}

      {runs ? (
        <>
      <section className="grid gap-4 sm:grid-cols-2">
        {typeDto?.resticEngine ? (
          <Field
            id="engine"
            label="Backup engine"
            error={fe.engine}
            hint={
              remote
                ? "restic: incremental, deduplicated snapshots in the storage folder's repository. On another server a folder is read by the restic installed there (0.14 or newer); a dump streams into restic here"
                : "restic: incremental, deduplicated snapshots in the storage folder's repository"
            }
          >
            <NativeSelect id="engine" name="engine" defaultValue={target?.engine ?? "archive"}>
              <option value="archive">archive (a tar file per run)</option>
              <option value="restic">restic (incremental snapshots)</option>
            </NativeSelect>
          </Field>
        ) : null}
        <Field id="compression" label="Compression" error={fe.compression}>
          <NativeSelect id="compression" name="compression" defaultValue={target?.compression ?? "zstd"}>
            <option value="zstd">zstd</option>
            <option value="gzip">gzip</option>
            <option value="none">none</option>
          </NativeSelect>
        </Field>
        <Field id="timeoutSeconds" label="Timeout (seconds)" error={fe.timeoutSeconds}>
          <Input id="timeoutSeconds" name="timeoutSeconds" inputMode="numeric" defaultValue={String(target?.timeoutSeconds ?? 7200)} {...described("timeoutSeconds")} />
        </Field>
        <Field id="pathTemplate" label="Path template" error={fe.pathTemplate} hint="Relative to the storage folder; placeholders {app} {target} {date} {time}">
          <Input id="pathTemplate" name="pathTemplate" defaultValue={target?.pathTemplate ?? "{app}/{target}/{date}"} {...described("pathTemplate")} />
        </Field>
        <Field id="storageRoot" label="Storage folder" error={fe.storageRoot} hint="Empty: the console default (Settings)">
          <Input id="storageRoot" name="storageRoot" defaultValue={target?.storageRoot ?? ""} placeholder="/backups" {...described("storageRoot")} />
        </Field>
      </section>

      <fieldset className="grid gap-3 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-medium">Retention</legend>
        <p className="text-xs text-muted-foreground">Empty means no limit of that kind. Keep days defaults to 3.</p>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {RETENTION.map((r) => (
            <Field key={r.key} id={r.key} label={r.label} error={fe[`retention.${r.key}`]}>
              <Input
                id={r.key}
                name={r.key}
                inputMode="numeric"
                defaultValue={target ? numText(target.retention[r.key]) : r.key === "keepDays" ? "3" : ""}
                {...described(`retention.${r.key}`)}
              />
            </Field>
          ))}
        </div>
      </fieldset>

      <StorageFields locations={locations} target={target} errors={fe} onChange={setStorage} />

      <section className="grid gap-4 sm:grid-cols-2">
        <Field id="preHook" label="Pre-hook script" error={fe.preHook} hint="Optional absolute path, run before the backup">
          <Input id="preHook" name="preHook" defaultValue={target?.preHook ?? ""} {...described("preHook")} />
        </Field>
        <Field id="postHook" label="Post-hook script" error={fe.postHook} hint="Optional absolute path, run after the backup">
          <Input id="postHook" name="postHook" defaultValue={target?.postHook ?? ""} {...described("postHook")} />
        </Field>
      </section>
        </>
      ) : null}
      <Field id="meta" label="Meta (JSON)" error={fe.meta} hint="A free JSON object for what this type needs">
        <Textarea id="meta" name="meta" defaultValue={target && Object.keys(target.meta).length ? JSON.stringify(target.meta, null, 2) : ""} placeholder="{}" {...described("meta")} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={target?.enabled ?? true} />
        Enabled
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : target ? "Save target" : "Create target"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
