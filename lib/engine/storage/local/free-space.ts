import fs from "node:fs";
import path from "node:path";

export interface DiskSpace {
  /** The folder measured: `p` or its nearest existing parent (a folder may not exist yet). */
  path: string;
  freeBytes: number;
  totalBytes: number;
  /** The device id: two folders on one filesystem share its free space. */
  dev: string;
}

/** The nearest existing folder at or above `p`. */
export function existingAncestor(p: string): string {
  let at = path.resolve(p);
  while (!fs.existsSync(at)) {
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  return at;
}

/**
 * Free space of the filesystem `p` lives on. The one place Lifeboat calls statfs: local storage
 * locations and restore destinations (folders, SQLite files, a local database's data directory).
 * bavail, not bfree: the blocks reserved for root are not ours to fill. Throws when unreadable.
 */
export async function diskSpaceAt(p: string): Promise<DiskSpace> {
  const at = existingAncestor(p);
  const [s, st] = await Promise.all([fs.promises.statfs(at), fs.promises.stat(at)]);
  return { path: at, freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize), dev: String(st.dev) };
}
