import { targetTypeCatalog, type FormField, type TargetTypeDto } from "../services/targets/type-catalog";

/**
 * The target `source` schema, generated from the type modules' field lists (the same lists the
 * console form is drawn from): one property per field name, described with the types that use
 * it, and a description that says per type which fields it takes.
 */
function propertyOf(f: FormField): Record<string, unknown> {
  if (f.list) return { type: "array", items: { type: "string" } };
  if (f.kind === "checkbox") return { type: "boolean" };
  if (f.kind === "number") return { type: ["integer", "string"] };
  if (f.kind === "select") return { type: "string", enum: (f.options ?? []).map((o) => o.value) };
  if (f.kind === "password") return { type: "string", format: "password", writeOnly: true };
  return { type: "string" };
}

function typeSummary(t: TargetTypeDto): string {
  if (t.fields.length === 0) return `${t.type} {}`;
  const name = (f: FormField) => `${f.name}${f.required ? "" : "?"}`;
  const url = t.fields.filter((f) => f.connection === "url");
  const parts = t.fields.filter((f) => f.connection === "parts");
  const rest = t.fields.filter((f) => !f.connection);
  const conn = url.length ? [`${url.map(name).join(", ")} | ${parts.map(name).join(", ")}`] : [];
  return `${t.type} {${[...conn, ...rest.map(name)].join("; ")}}`;
}

export function sourceSchema(): Record<string, unknown> {
  const types = targetTypeCatalog();
  const properties: Record<string, Record<string, unknown>> = {};
  const users = new Map<string, string[]>();
  for (const t of types) {
    for (const f of t.fields) {
      properties[f.name] ??= { ...propertyOf(f), description: "" };
      users.set(f.name, [...(users.get(f.name) ?? []), t.type]);
      const label = f.secret ? `${f.label} (stored encrypted, never returned)` : f.label;
      if (!String(properties[f.name]!.description).includes(label)) {
        properties[f.name]!.description = [properties[f.name]!.description, label].filter(Boolean).join("; ");
      }
    }
  }
  for (const [name, ts] of users) properties[name]!.description = `${ts.join(", ")}: ${properties[name]!.description}`;
  return {
    type: "object",
    description:
      `Per type (a database connection is one URL, or its separate fields): ${types.map(typeSummary).join("; ")}. ` +
      "Passwords are stored encrypted and come back masked (***).",
    properties,
  };
}

/** The target type names, in the registry's order. */
export const targetTypeNames = () => targetTypeCatalog().map((t) => t.type);
