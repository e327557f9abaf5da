import fs from "node:fs";
import path from "node:path";

export interface VolumeSpace {
  /** Stable name for the volume: the first of its storage roots (sorted). */
  key: string;
  roots: string[];
  freeBytes: number;
  totalBytes: number;
}

/** The nearest existing folder at or above `p` (a root may not exist before its first backup). */
function existingAncestor(p: string): string {
  let cur = path.resolve(p);
  while (!fs.existsSync(cur)) {
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return cur;
}

/** The filesystem a storage root lives on and its space; null when unreadable (an unmounted NAS). */
export function diskOf(root: string): { dev: string; freeBytes: number; totalBytes: number } | null {
  try {
    const at = existingAncestor(root);
    const dev = String(fs.statSync(at).dev);
    const s = fs.statfsSync(at);
    // bavail, not bfree: the blocks reserved for root are not ours to fill.
    return { dev, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

/**
 * Free space of each storage root, grouped by filesystem: two roots on one disk share its free
 * space, so they must be forecast together or the disk is counted twice.
 */
export function volumesOf(roots: string[]): VolumeSpace[] {
  const byDev = new Map<string, VolumeSpace>();
  for (const root of [...new Set(roots.map((r) => path.resolve(r)))].sort()) {
    const disk = diskOf(root);
    // An unreadable root has no figures; the page still lists it via the targets.
    if (!disk) byDev.set(`missing:${root}`, { key: root, roots: [root], freeBytes: 0, totalBytes: 0 });
    else if (byDev.has(disk.dev)) byDev.get(disk.dev)!.roots.push(root);
    else byDev.set(disk.dev, { key: root, roots: [root], freeBytes: disk.freeBytes, totalBytes: disk.totalBytes });
  }
  return [...byDev.values()];
}
