import { channelTypes } from "@/lib/services/channels/types";
import { clearFlag } from "@/lib/services/channels/schemas";

/**
 * FormData of the channel form → the plain input the channel services validate with zod. The
 * fields read are the chosen type's own list (lib/engine/notify/transports/<type>/): nothing here
 * names a transport.
 */
export function channelInputFromForm(form: FormData): Record<string, unknown> {
  const s = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const on = (k: string) => form.get(k) === "on";
  const ids = (k: string) => {
    const list = form.getAll(k).map(String).filter(Boolean);
    return list.length ? list.map(Number) : null;
  };
  const type = s("type");
  const out: Record<string, unknown> = {
    type,
    name: s("name"),
    eventTypes: form.getAll("eventTypes").map(String),
    appIds: ids("appIds"),
    targetIds: ids("targetIds"),
    digest: on("digest"),
    digestHour: s("digestHour") || "8",
    enabled: on("enabled"),
  };
  const info = channelTypes().find((t) => t.type === type);
  for (const f of info?.fields ?? []) {
    if (f.kind === "checkbox") out[f.name] = on(f.name);
    // One item per line or comma-separated.
    else if (f.kind === "lines") out[f.name] = s(f.name).split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean);
    else out[f.name] = s(f.name);
    if (f.kind === "secret") out[clearFlag(f.name)] = on(clearFlag(f.name));
  }
  return out;
}

/** The secret fields of a type: never echoed back into the form after a failed save. */
export function secretFieldNames(type: unknown): string[] {
  return (channelTypes().find((t) => t.type === type)?.fields ?? []).filter((f) => f.kind === "secret").map((f) => f.name);
}
