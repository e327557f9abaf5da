import fs from "node:fs";
import path from "node:path";
import { env } from "./env";

/**
 * Lifeboat's own data directory (SQLite database with its -wal/-shm, secrets, logs) must never be
 * read or written by a backup or restore of a target: reading the live database files outside
 * SQLite and closing them drops the console's POSIX locks, and the next connection deletes the
 * WAL with the writes in it (seen: answered-201 changes gone after a restart). Backing up
 * Lifeboat itself goes through SQLite's backup API (a feature of its own), never through a target.
 */
export type DataDirOverlap = "same" | "contains" | "inside";

/** The real path of `p`: symlinks resolved for the part that exists, the rest appended as is. */
function realish(p: string): string {
  let head = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(head), ...rest);
    } catch {
      const parent = path.dirname(head);
      if (parent === head) return path.resolve(p);
      rest.unshift(path.basename(head));
      head = parent;
    }
  }
}

const within = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
};

/** How a path relates to the data directory (both resolved through symlinks), or null. */
export function dataDirOverlap(p: string, dataDir = env().dataDir): DataDirOverlap | null {
  const a = realish(p);
  const d = realish(dataDir);
  if (a === d) return "same";
  if (within(d, a)) return "contains";
  if (within(a, d)) return "inside";
  return null;
}

/**
 * Why `p` may not be used as `what` (a message for beside the field), or null. `allowInside`:
 * a storage folder may live inside the data directory (the default, data/backups) but may not
 * be it or hold it.
 */
export function dataDirError(p: string, what: string, opts: { allowInside?: boolean } = {}): string | null {
  const overlap = dataDirOverlap(p);
  if (!overlap || (overlap === "inside" && opts.allowInside)) return null;
  const dir = env().dataDir;
  const where =
    overlap === "same" ? `is Lifeboat's own data directory (${dir})` : overlap === "contains" ? `contains Lifeboat's own data directory (${dir})` : `is inside Lifeboat's own data directory (${dir})`;
  return `This ${what} ${where}: its live database would be read or overwritten outside SQLite and lose data. Choose a place outside ${dir}`;
}
