import { and, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { runs } from "../../db/schema";

/**
 * A `present` run whose object its location no longer holds (removed by hand, a disk swapped)
 * says so: `missing`, so no view keeps offering a download or restore of nothing. Returns
 * whether the row changed.
 */
export function markArtifactMissing(runId: number, db: DbOrTx = getDb()): boolean {
  return db.update(runs).set({ artifactState: "missing" }).where(and(eq(runs.id, runId), eq(runs.artifactState, "present"))).run().changes === 1;
}
