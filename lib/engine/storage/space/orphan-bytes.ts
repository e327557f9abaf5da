import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../../db/client";

/** Bytes of the files left by deleted targets (orphan_artifacts), per storage root: they use the disk until an admin deletes them. */
export function orphanBytesByRoot(db: DbOrTx = getDb()): Map<string, number> {
  const rows = db.all<{ storage_root: string; bytes: number | null }>(sql`
    select storage_root, sum(size_bytes) as bytes from orphan_artifacts group by storage_root`);
  return new Map(rows.map((r) => [r.storage_root, r.bytes ?? 0]));
}
