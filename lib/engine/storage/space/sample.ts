import { and, eq, gte } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { storageSamples } from "../../../db/schema";
import { storageRoots, usedBytesByRoot } from "./usage";
import { volumesOf } from "./volumes";

const MIN_GAP_MS = 20 * 3_600_000;

/**
 * One sample per storage root per day (the hourly job calls this; a root sampled in the last 20 h
 * is skipped, so restarts and the hourly tick do not pile up samples). Returns the roots sampled.
 */
export function recordStorageSamples(now: Date = new Date()): string[] {
  const db = getDb();
  const { defaultRoot, byTarget } = storageRoots(db);
  const used = usedBytesByRoot(db);
  const roots = [...new Set([defaultRoot, ...byTarget.values(), ...used.keys()])];
  const volumes = volumesOf(roots).filter((v) => v.totalBytes > 0);
  const sampled: string[] = [];
  db.transaction((tx) => {
    for (const v of volumes) {
      for (const root of v.roots) {
        const recent = tx
          .select({ id: storageSamples.id })
          .from(storageSamples)
          .where(and(eq(storageSamples.storageRoot, root), gte(storageSamples.at, new Date(now.getTime() - MIN_GAP_MS))))
          .get();
        if (recent) continue;
        tx.insert(storageSamples)
          .values({ at: now, storageRoot: root, usedBytes: used.get(root) ?? 0, freeBytes: v.freeBytes, totalBytes: v.totalBytes })
          .run();
        sampled.push(root);
      }
    }
  });
  return sampled;
}
