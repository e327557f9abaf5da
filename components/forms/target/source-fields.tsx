"use client";

import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Field } from "@/components/ui/field";
import type { FormField, TargetTypeDto } from "@/lib/services/targets/type-catalog";
import { shown, type DbMode, type SourceState } from "./source-state";

export { sourcePayload, sourceStateOf, withDefaults, type SourceState } from "./source-state";

/** Consecutive fields with the same section, in order. */
function sections(fields: FormField[]): { section?: string; help?: string; fields: FormField[] }[] {
  const out: { section?: string; help?: string; fields: FormField[] }[] = [];
  for (const f of fields) {
    const last = out.at(-1);
    if (last && last.section === f.section) last.fields.push(f);
    else out.push({ section: f.section, help: f.sectionHelp, fields: [f] });
  }
  return out;
}

/** The source fields of the chosen type, drawn from its field list (lib/engine/types/<type>/fields.ts). */
export function SourceFields({
  type,
  state,
  set,
  errors,
  secretSet,
  onBlurField,
}: {
  type: TargetTypeDto | undefined;
  state: SourceState;
  set: (patch: Partial<SourceState>) => void;
  errors: Record<string, string>;
  secretSet: boolean;
  onBlurField?: (name: string) => void;
}) {
  if (!type || type.fields.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {type && !type.runsBackups
          ? "An external target is backed up by your own script, which reports each run to Lifeboat through the API or a ping URL: Lifeboat runs nothing for it."
          : "This type has no source settings."}
      </p>
    );
  }
  const e = (k: string) => errors[`source.${k}`];
  const setValue = (name: string, v: string) => set({ values: { ...state.values, [name]: v } });
  const control = (f: FormField) => {
    const id = `source-${f.name}`;
    const common = {
      id,
      "aria-invalid": !!e(f.name),
      "aria-describedby": e(f.name) ? `${id}-error` : undefined,
      onBlur: onBlurField ? () => onBlurField(f.name) : undefined,
    };
    const value = state.values[f.name] ?? "";
    if (f.kind === "textarea") return <Textarea {...common} value={value} placeholder={f.placeholder} onChange={(ev) => setValue(f.name, ev.target.value)} />;
    if (f.kind === "select")
      return (
        <NativeSelect {...common} value={value} onChange={(ev) => setValue(f.name, ev.target.value)}>
          {(f.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect>
      );
    if (f.kind === "checkbox") return <input type="checkbox" {...common} checked={value === "on"} onChange={(ev) => setValue(f.name, ev.target.checked ? "on" : "")} />;
    const secretKept = f.secret && f.kind === "password" && secretSet;
    return (
      <Input
        {...common}
        value={value}
        onChange={(ev) => setValue(f.name, ev.target.value)}
        type={f.kind === "password" ? "password" : "text"}
        inputMode={f.kind === "number" ? "numeric" : undefined}
        autoComplete={f.kind === "password" ? "new-password" : "off"}
        spellCheck={f.kind === "path" || f.connection === "url" ? false : undefined}
        placeholder={secretKept && f.name !== "password" ? "leave empty to keep it" : f.placeholder}
      />
    );
  };
  const connection = type.fields.some((f) => f.connection);

  return (
    <>
      {sections(type.fields).map((s, i) => {
        const visible = s.fields.filter((f) => shown(f, state.mode));
        const isConnection = s.fields.some((f) => f.connection);
        const body = (
          <>
            {isConnection ? <ConnectionMode mode={state.mode} set={set} secretSet={secretSet} /> : null}
            {isConnection && state.mode === "parts" && e("url") ? (
              <p role="alert" className="text-xs text-destructive">
                {e("url")}
              </p>
            ) : null}
            <div className={visible.length > 1 ? "grid gap-3 sm:grid-cols-2" : "grid gap-3"}>
              {visible.map((f) => (
                <Field key={f.name} id={`source-${f.name}`} label={f.label} error={e(f.name)} hint={f.help} className={f.kind === "textarea" || f.connection === "url" ? "sm:col-span-2" : undefined}>
                  {control(f)}
                </Field>
              ))}
            </div>
          </>
        );
        if (!s.section) return <div key={i}>{body}</div>;
        return (
          <fieldset key={i} className={`grid gap-3 rounded-md border p-3 ${isConnection || !connection ? "border-border" : "border-dashed border-border"}`}>
            <legend className="px-1 text-sm font-medium">{s.section}</legend>
            {s.help ? <p className="text-xs text-muted-foreground">{s.help}</p> : null}
            {body}
          </fieldset>
        );
      })}
    </>
  );
}

function ConnectionMode({ mode, set, secretSet }: { mode: DbMode; set: (patch: Partial<SourceState>) => void; secretSet: boolean }) {
  return (
    <>
      <div className="flex gap-4 text-sm" role="radiogroup" aria-label="Connection given as">
        {(["parts", "url"] as const).map((m) => (
          <label key={m} className="flex items-center gap-1.5">
            <input type="radio" name="db-mode" value={m} checked={mode === m} onChange={() => set({ mode: m })} />
            {m === "url" ? "One URL" : "Separate fields"}
          </label>
        ))}
      </div>
      {secretSet ? (
        <p className="text-xs text-muted-foreground" data-testid="secret-set">
          {mode === "url" ? "A password is set — keep *** in the URL to keep it, or type a new one" : "A password is set — leave empty to keep it"}
        </p>
      ) : null}
    </>
  );
}
