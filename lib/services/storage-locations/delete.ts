import { and, eq, notInArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, storageLocations } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import type { Actor } from "../../auth/actor";
import { ConflictError } from "../../errors";
import { requireStorageAdmin } from "./access";
import { artifactsIn, dtoOf, HELD_STATES, rowOf } from "./rows";

/**
 * Delete a location (admin): refused (409) while it holds artifacts. Runs whose artifact is gone
 * (pruned, deleted) keep their history and lose only the link; anything else still pointing at
 * the location (a target's copy, a copy row) is refused by the foreign key, also as a 409.
 */
export function deleteStorageLocation(actor: Actor, id: number): void {
  requireStorageAdmin(actor);
  try {
    getDb().transaction((tx) => {
      const row = rowOf(tx, id);
      const held = artifactsIn(tx, id);
      if (held > 0) {
        throw new ConflictError(`Storage location "${row.name}" holds ${held} artifact${held === 1 ? "" : "s"}: delete or move them first`);
      }
      const before = dtoOf(tx, row);
      tx.update(runs)
        .set({ storageId: null })
        .where(and(eq(runs.storageId, id), notInArray(runs.artifactState, HELD_STATES)))
        .run();
      tx.delete(storageLocations).where(eq(storageLocations.id, id)).run();
      writeAudit(tx, actor, { action: "storage.delete", entityType: "storage", entityId: id, before });
    });
  } catch (e) {
    if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_FOREIGNKEY") {
      throw new ConflictError(`Storage location ${id} is still used (a target or a copy points at it): change those first`);
    }
    throw e;
  }
}
