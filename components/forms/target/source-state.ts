import type { FormField, TargetTypeDto } from "@/lib/services/targets/type-catalog";

export type DbMode = "url" | "parts";

/** What the form keeps for the source: every field typed so far by name (switching type keeps it), and the connection mode. */
export interface SourceState {
  mode: DbMode;
  values: Record<string, string>;
}

const lines = (s: string) =>
  s
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** A field is on screen for this mode (connection fields show in their own mode only). */
export const shown = (f: FormField, mode: DbMode) => !f.connection || f.connection === mode;

/** The `source` object of the API contract for this type (database fields become a URL on the server). */
export function sourcePayload(type: TargetTypeDto | undefined, s: SourceState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of type?.fields ?? []) {
    if (!shown(f, s.mode)) continue;
    const v = s.values[f.name] ?? "";
    out[f.name] = f.list ? lines(v) : f.kind === "checkbox" ? v === "on" : v;
  }
  return out;
}

const hasConnection = (type: TargetTypeDto | undefined) => !!type?.fields.some((f) => f.connection);

/** Initial state from a stored (masked) source: a stored URL is also split into the separate fields. */
export function sourceStateOf(type: TargetTypeDto | undefined, source: Record<string, unknown> | undefined): SourceState {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(source ?? {})) {
    if (typeof v === "string") values[k] = v;
    else if (Array.isArray(v)) values[k] = v.map(String).join("\n");
    else if (typeof v === "boolean") values[k] = v ? "on" : "";
  }
  // Secrets are never sent back: the form starts them empty ("leave empty to keep it").
  for (const f of type?.fields ?? []) if (f.secret && f.kind === "password") values[f.name] = "";
  let mode: DbMode = "parts";
  if (hasConnection(type) && values.url) {
    try {
      const u = new URL(values.url);
      // Query parameters (sslmode…) have no field of their own: keep such a URL as a URL.
      if (u.search) mode = "url";
      values.host = u.hostname;
      values.port = u.port;
      values.user = decodeURIComponent(u.username);
      values.database = decodeURIComponent(u.pathname.replace(/^\//, ""));
    } catch {
      mode = "url";
    }
  }
  return withDefaults(type, { mode, values });
}

/** Fill the type's default values (a database port) where nothing, or another type's default, is typed. */
export function withDefaults(type: TargetTypeDto | undefined, s: SourceState, others: TargetTypeDto[] = []): SourceState {
  const values = { ...s.values };
  for (const f of type?.fields ?? []) {
    if (f.defaultValue == null) continue;
    const otherDefaults = others.flatMap((t) => t.fields.filter((o) => o.name === f.name && o.defaultValue != null).map((o) => o.defaultValue));
    if (!values[f.name] || otherDefaults.includes(values[f.name])) values[f.name] = f.defaultValue;
  }
  return { ...s, values };
}
