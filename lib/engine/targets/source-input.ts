import { findTypeModule } from "../types/registry";

/** The type keeps secrets in its URL (database types): sealed at rest, masked in DTOs. */
export const hasUrlSecret = (type: string): boolean => findTypeModule(type)?.secretFields.includes("url") ?? false;

/**
 * Check a source for its type (its module's schema, after its separate form fields became its
 * shape); errors are keyed like `source.path`. Returns the parsed source (unknown keys dropped),
 * or null when it has errors.
 */
export function parseSource(type: string, raw: Record<string, unknown>, errors: Record<string, string>): Record<string, unknown> | null {
  const mod = findTypeModule(type);
  if (!mod) {
    errors.type ??= "Choose a type";
    return null;
  }
  const input = mod.fromFields ? mod.fromFields(raw, errors) : raw;
  if (!input) return null;
  const parsed = mod.schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = ["source", ...issue.path.map(String)].join(".");
      // A missing key gets zod's generic message; say what to enter instead.
      errors[key] ??= issue.code === "invalid_type" ? `Enter the ${String(issue.path.at(-1) ?? "source")}` : issue.message;
    }
    return null;
  }
  return parsed.data as Record<string, unknown>;
}

/** The type has a restricted restore login (restoreUser/restorePassword) for uploaded artifacts. */
export const hasRestoreLogin = (type: string): boolean => findTypeModule(type)?.secretFields.includes("restorePassword") ?? false;
