import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../../db/client";
import { targets } from "../../../db/schema";
import { getSettings } from "../../../settings/settings";
import { orphanBytesByRoot } from "./orphan-bytes";

/** Bytes of the artifacts still on disk, per target (the runs_present partial index covers it). */
export const usedBytesByTargetQuery = () => sql`
    select target_id, sum(size_bytes) as bytes from runs
    where artifact_state = 'present' group by target_id`;

export function usedBytesByTarget(db: DbOrTx = getDb()): Map<number, number> {
  const rows = db.all<{ target_id: number; bytes: number | null }>(usedBytesByTargetQuery());
  return new Map(rows.map((r) => [r.target_id, r.bytes ?? 0]));
}

/**
 * Bytes on disk per storage root, from where each artifact was written, plus the files of deleted
 * targets still on disk (orphan_artifacts: they use the disk until an admin deletes them). A run
 * with no recorded root is counted at `nullRootAt` (the default root) when given, else left out
 * (the daily samples).
 */
export function usedBytesByRoot(db: DbOrTx = getDb(), nullRootAt?: string): Map<string, number> {
  const rows = db.all<{ storage_root: string | null; bytes: number | null }>(sql`
    select storage_root, sum(size_bytes) as bytes from runs
    where artifact_state = 'present' group by storage_root`);
  const out = new Map<string, number>();
  for (const r of rows) {
    const root = r.storage_root ? path.resolve(r.storage_root) : nullRootAt;
    if (root) out.set(root, (out.get(root) ?? 0) + (r.bytes ?? 0));
  }
  for (const [root, bytes] of orphanBytesByRoot(db)) out.set(root, (out.get(root) ?? 0) + bytes);
  return out;
}

/** Every storage root in use: the targets' own roots and the console default. */
export function storageRoots(db: DbOrTx = getDb()): { defaultRoot: string; byTarget: Map<number, string> } {
  const defaultRoot = path.resolve(getSettings(db).defaultStorageDir);
  const rows = db.select({ id: targets.id, root: targets.storageRoot }).from(targets).all();
  return { defaultRoot, byTarget: new Map(rows.map((r) => [r.id, r.root ? path.resolve(r.root) : defaultRoot])) };
}
