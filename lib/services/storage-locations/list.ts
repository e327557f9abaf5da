import { getDb } from "../../db/client";
import { listLocations } from "../../engine/storage/locations";
import type { Actor } from "../../auth/actor";
import { requireStorageAdmin } from "./access";
import type { StorageDto } from "./dto";
import { dtoOf, rowOf } from "./rows";

export function listStorageLocations(actor: Actor): StorageDto[] {
  requireStorageAdmin(actor);
  const db = getDb();
  return listLocations(db).map((row) => dtoOf(db, row));
}

export function getStorageLocation(actor: Actor, id: number): StorageDto {
  requireStorageAdmin(actor);
  const db = getDb();
  return dtoOf(db, rowOf(db, id));
}
