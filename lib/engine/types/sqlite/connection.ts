import Database from "better-sqlite3";
import type { ConnectionCheck } from "../restore-shapes";
import { sqliteFileError, sqliteFileWarning } from "../shared/path-checks";

/** The file opens read-only and answers; a path with no file yet is a warning, not an error. */
export async function sqliteConnection(source: Record<string, unknown>): Promise<ConnectionCheck> {
  const file = String(source.path);
  const error = sqliteFileError(file);
  if (error) return { ok: false, message: error };
  const warning = sqliteFileWarning(file);
  if (warning) return { ok: true, message: "The folder exists", warning };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 2000");
    const tables = Number(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get());
    const version = String(db.prepare("SELECT sqlite_version()").pluck().get());
    return { ok: true, message: `Opened read-only: SQLite ${version}, ${tables} table(s)` };
  } finally {
    db.close();
  }
}
