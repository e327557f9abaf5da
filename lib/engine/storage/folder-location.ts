import path from "node:path";
import { getDb, type DbOrTx } from "../../db/client";
import type { StorageLocation, Target } from "../../db/schema";
import { getSettings } from "../../settings/settings";
import { primaryLocationOf } from "../copies/target-storage";
import { FIRST_LOCATION_NAME, insertLocation, listLocations, localFolderOf } from "./locations";

/**
 * The local location of a folder, created on first use. Until targets pick a location by id
 * (issue 13), the Settings' default folder and a target's own folder name their location this
 * way: changing the default folder makes a new location, and the runs already taken keep theirs.
 */
export function locationForFolder(folder: string, db: DbOrTx = getDb()): StorageLocation {
  const want = path.resolve(folder);
  const all = listLocations(db);
  const found = all.find((l) => localFolderOf(l) === want);
  if (found) return found;
  const taken = new Set(all.map((l) => l.name));
  let name = all.length === 0 ? FIRST_LOCATION_NAME : `Local ${want}`;
  for (let i = 2; taken.has(name); i++) name = `Local ${want} (${i})`;
  return insertLocation(db, { name, kind: "local", settings: { path: want } });
}

/** The location new backups of a target go to: its chosen primary, else its own folder, else the default one. */
export function locationForTarget(target: Pick<Target, "id" | "storageRoot">, db: DbOrTx = getDb()): StorageLocation {
  const primary = primaryLocationOf(target.id, db);
  if (primary) return primary;
  return locationForFolder(target.storageRoot ?? getSettings(db).defaultStorageDir, db);
}

/**
 * The known local location whose folder holds `file` (the deepest one), with the file's key in it;
 * null when none does.
 */
export function locationHolding(file: string, locations: StorageLocation[]): { location: StorageLocation; key: string } | null {
  let best: { location: StorageLocation; key: string; depth: number } | null = null;
  for (const location of locations) {
    const folder = localFolderOf(location);
    if (!folder) continue;
    const rel = path.relative(folder, file);
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) continue;
    if (!best || folder.length > best.depth) best = { location, key: rel.split(path.sep).join("/"), depth: folder.length };
  }
  return best && { location: best.location, key: best.key };
}
