import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { targets } from "../db/schema";
import { getSettings } from "../services/settings/settings";

export interface RootUsage {
  root: string;
  usedBytes: number;
  freeBytes: number | null;
  totalBytes: number | null;
}

/** The nearest existing folder at or above `p`: a root may not exist before its first backup. */
function existingAncestor(p: string): string {
  let cur = p;
  while (!fs.existsSync(cur)) {
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return cur;
}

/**
 * Every storage root in use (the targets' own and the console default), with the bytes of the
 * artifacts Lifeboat keeps there and the free space of the filesystem it lives on.
 */
export function storageUsage(db: DbOrTx): RootUsage[] {
  const defaultRoot = path.resolve(getSettings(db).defaultStorageDir);
  const roots = new Set<string>([defaultRoot]);
  for (const t of db.select({ root: targets.storageRoot }).from(targets).all()) if (t.root) roots.add(path.resolve(t.root));
  const used = new Map<string, number>();
  const rows = db.all<{ storage_root: string | null; bytes: number | null }>(sql`
    select storage_root, sum(size_bytes) as bytes from runs
    where artifact_state = 'present' group by storage_root`);
  for (const r of rows) {
    const root = r.storage_root ? path.resolve(r.storage_root) : defaultRoot;
    roots.add(root);
    used.set(root, (used.get(root) ?? 0) + (r.bytes ?? 0));
  }
  return [...roots].sort().map((root) => {
    let freeBytes: number | null = null;
    let totalBytes: number | null = null;
    try {
      const s = fs.statfsSync(existingAncestor(root));
      // bavail, not bfree: blocks reserved for root are not ours to fill.
      freeBytes = s.bavail * s.bsize;
      totalBytes = s.blocks * s.bsize;
    } catch {
      // An unreadable root (unmounted NAS) has no free figure; its series is left out.
    }
    return { root, usedBytes: used.get(root) ?? 0, freeBytes, totalBytes };
  });
}
