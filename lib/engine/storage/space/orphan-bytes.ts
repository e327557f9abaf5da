import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../../db/client";

/**
 * Bytes of the files left by deleted targets (orphan_artifacts), per storage root: they use the
 * disk until an admin deletes them. A deleted restic target's snapshots are left out, as the live
 * restic runs are (their data sits deduplicated in a shared repository, not in files of their own):
 * deleting a restic target must not make the totals grow.
 */
export function orphanBytesByRoot(db: DbOrTx = getDb()): Map<string, number> {
  const rows = db.all<{ storage_root: string; bytes: number | null }>(sql`
    select storage_root, sum(size_bytes) as bytes from orphan_artifacts where snapshot_id is null group by storage_root`);
  return new Map(rows.map((r) => [r.storage_root, r.bytes ?? 0]));
}
