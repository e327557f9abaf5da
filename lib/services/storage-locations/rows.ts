import { and, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { runs, storageLocations, type StorageLocation } from "../../db/schema";
import { unsealJson } from "../../crypto/secrets";
import { ConflictError, NotFoundError } from "../../errors";
import { toStorageDto, type StorageDto } from "./dto";

/** Artifact states that mean "the object is (still) in the location". */
export const HELD_STATES = ["present", "pruning", "deleting"];

export function artifactsIn(db: DbOrTx, id: number): number {
  return db
    .select({ n: count() })
    .from(runs)
    .where(and(eq(runs.storageId, id), inArray(runs.artifactState, HELD_STATES)))
    .get()!.n;
}

export function secretKeysOf(row: StorageLocation): string[] {
  return Object.keys(unsealJson<Record<string, unknown>>(row.secretEnc) ?? {});
}

export function dtoOf(db: DbOrTx, row: StorageLocation): StorageDto {
  return toStorageDto(row, artifactsIn(db, row.id), secretKeysOf(row));
}

export function rowOf(db: DbOrTx, id: number): StorageLocation {
  const row = db.select().from(storageLocations).where(eq(storageLocations.id, id)).get();
  if (!row) throw new NotFoundError(`Storage location ${id} not found`);
  return row;
}

export function assertNameFree(db: DbOrTx, name: string, exceptId?: number): void {
  const other = db.select({ id: storageLocations.id }).from(storageLocations).where(eq(storageLocations.name, name)).get();
  if (other && other.id !== exceptId) throw new ConflictError(`A storage location named "${name}" already exists`, { name: "Name taken" });
}
