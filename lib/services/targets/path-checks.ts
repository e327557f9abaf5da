export const PLACEHOLDERS = ["app", "target", "date", "time"] as const;

/** Why a storage path template is not usable, or null when it is. */
export function pathTemplateError(template: string): string | null {
  const t = template.trim();
  if (!t) return "Enter a path template";
  if (t.startsWith("/")) return "The template is relative to the storage folder: do not start it with /";
  if (t.includes("..")) return "The template must not contain ..";
  for (const m of t.matchAll(/\{([^{}]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
      return `Unknown placeholder {${m[1]}}: use ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`;
    }
  }
  if (/[{}]/.test(t.replace(/\{[^{}]*\}/g, ""))) return "Unbalanced { or } in the template";
  return null;
}

export { executableError, folderError, sqliteFileError } from "../../engine/types/shared/path-checks";
