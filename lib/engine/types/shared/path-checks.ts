import fs from "node:fs";
import path from "node:path";

/** Checks of places on this machine, for saving a target and for "Test connection". */

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

/** A SQLite file may not exist yet (restore can create it), but its folder must (see sqliteFileWarning). */
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

/** Not an error: a SQLite path whose folder exists but which has no file yet (a backup would fail until the app creates it). */
export function sqliteFileWarning(p: string): string | null {
  return statOf(p) ? null : `No file there yet: ${p} (a backup fails until the app creates it; a restore can create it)`;
}
