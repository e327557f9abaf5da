import type { DbOrTx } from "../db/client";
import { storageRoots, usedBytesByRoot } from "../engine/storage/space/usage";
import { diskOf } from "../engine/storage/space/volumes";

export interface RootUsage {
  root: string;
  usedBytes: number;
  freeBytes: number | null;
  totalBytes: number | null;
}

/**
 * Every storage root in use (the targets' own and the console default), with the bytes of the
 * artifacts Lifeboat keeps there and the free space of the filesystem it lives on.
 */
export function storageUsage(db: DbOrTx): RootUsage[] {
  const { defaultRoot, byTarget } = storageRoots(db);
  const used = usedBytesByRoot(db, defaultRoot);
  const roots = new Set([defaultRoot, ...byTarget.values(), ...used.keys()]);
  return [...roots].sort().map((root) => {
    // An unreadable root (unmounted NAS) has no free figure; its series is left out.
    const disk = diskOf(root);
    return { root, usedBytes: used.get(root) ?? 0, freeBytes: disk?.freeBytes ?? null, totalBytes: disk?.totalBytes ?? null };
  });
}
