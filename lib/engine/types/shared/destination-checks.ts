import path from "node:path";
import { ValidationError } from "../../../errors";
import { env } from "../../../env";
import { dataDirOverlap } from "../../../data-dir";

/** An absolute destination path typed by an operator, outside Lifeboat's own data folder. */
export function absDestination(p: string | undefined, what: string): string {
  if (!p || !path.isAbsolute(p)) throw new ValidationError(`Enter the ${what} as an absolute path`, { path: "An absolute path" });
  const abs = path.resolve(p);
  assertOutsideDataDir(abs, what);
  return abs;
}

/**
 * An operator types alternate destinations, and can upload the artifact that is restored there:
 * Lifeboat's own data directory (its database, session secret and encryption key) must never be
 * one, or an operator could make themselves admin; nor may a destination hold it (a folder
 * target whose path contains it, saved before that was refused). Symlinks are followed as far as
 * the path exists (lib/data-dir.ts).
 */
export function assertOutsideDataDir(abs: string, what: string): void {
  if (dataDirOverlap(abs)) {
    throw new ValidationError(`The ${what} ${dataDirOverlap(abs) === "contains" ? "contains" : "lies inside"} Lifeboat's own data folder (${env().dataDir}): choose another place`, {
      path: "Not inside Lifeboat's data folder",
    });
  }
}

/** The form asked for a destination mode the type has not. */
export function notApplicable(mode: string, type: string): ValidationError {
  return new ValidationError(`This destination (${mode}) does not apply to a ${type} target`);
}

/** The database name in a connection URL's path. */
export const urlDatabase = (u: string) => decodeURIComponent(new URL(u).pathname.slice(1));
