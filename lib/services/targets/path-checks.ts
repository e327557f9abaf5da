import fs from "node:fs";
import path from "node:path";

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

function statOf(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

export function folderError(p: string): string | null {
  const st = statOf(p);
  if (!st) return `Folder not found: ${p}`;
  if (!st.isDirectory()) return `Not a folder: ${p}`;
  return null;
}

/** A SQLite file may not exist yet (restore can create it), but its folder must. */
export function sqliteFileError(p: string): string | null {
  const st = statOf(p);
  if (st) return st.isFile() ? null : `Not a file: ${p}`;
  const dir = statOf(path.dirname(p));
  if (!dir?.isDirectory()) return `Neither the file nor its folder exists: ${p}`;
  return null;
}

export function executableError(p: string, what: string): string | null {
  if (!p.startsWith("/")) return `The ${what} must be an absolute path`;
  const st = statOf(p);
  if (!st) return `The ${what} was not found: ${p}`;
  if (!st.isFile()) return `The ${what} is not a file: ${p}`;
  try {
    fs.accessSync(p, fs.constants.X_OK);
  } catch {
    return `The ${what} is not executable (chmod +x ${p})`;
  }
  return null;
}
