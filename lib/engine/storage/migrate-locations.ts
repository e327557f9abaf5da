import path from "node:path";
import { and, eq, isNotNull, isNull, ne } from "drizzle-orm";
import { getDb, type Db } from "../../db/client";
import { orphanArtifacts, runs, targets, type StorageLocation } from "../../db/schema";
import { getSettings } from "../../settings/settings";
import { checkKey } from "./backend";
import { locationForFolder, locationHolding } from "./folder-location";
import { listLocations, localFolderOf } from "./locations";

export interface LocationMigration {
  /** Names of the locations this pass created. */
  created: string[];
  runs: number;
  orphans: number;
  /** Ids of runs whose path could not be a key (it leaves its folder): left as they were, never dropped. */
  skippedRuns: number[];
}

/**
 * Storage folders become location rows and artifact paths become (location, key), once, at
 * start-up (lib/boot.ts; idempotent: only rows without a storage_id are looked at). The default
 * folder becomes the first location ("Local"), then every target's own folder; a run whose file
 * lies under a known location's folder gets its key there, any other gets a location for its own
 * folder. Reported runs' paths (`external`) are the team's, not Lifeboat's, and stay as they are.
 */
export function migrateStorageLocations(db: Db = getDb()): LocationMigration {
  return db.transaction((tx) => {
    const before = new Set(listLocations(tx).map((l) => l.id));
    const out: LocationMigration = { created: [], runs: 0, orphans: 0, skippedRuns: [] };
    const defaultDir = path.resolve(getSettings(tx).defaultStorageDir);
    // A folder the local kind refuses today (e.g. the data directory itself) gets no location;
    // its rows stay as they were (still readable through their folder) instead of failing start-up.
    const folderLocation = (folder: string) => {
      try {
        return locationForFolder(folder, tx);
      } catch (e) {
        console.warn(`[lifeboat] storage folder ${folder} cannot become a location: ${(e as Error).message}`);
        return null;
      }
    };
    folderLocation(defaultDir);
    for (const t of tx.selectDistinct({ root: targets.storageRoot }).from(targets).where(isNotNull(targets.storageRoot)).all()) {
      folderLocation(t.root!);
    }
    // A file is placed under the deepest known folder holding it; unknown folders become locations.
    const place = (root: string, rel: string): { location: StorageLocation; key: string } | null => {
      const file = path.resolve(root, rel);
      if (path.isAbsolute(rel) || path.relative(root, file).startsWith("..")) return null;
      const own = () => folderLocation(root);
      const found = locationHolding(file, listLocations(tx)) ?? locationHolding(file, [own()].filter((l) => l !== null));
      if (!found) return null;
      try {
        checkKey(found.key);
      } catch {
        return null;
      }
      return found;
    };
    const legacyRuns = tx
      .select({ id: runs.id, root: runs.storageRoot, rel: runs.artifactPath })
      .from(runs)
      .where(and(isNull(runs.storageId), isNotNull(runs.artifactPath), ne(runs.artifactState, "external")))
      .all();
    for (const r of legacyRuns) {
      const at = place(path.resolve(r.root ?? defaultDir), r.rel!);
      if (!at) {
        out.skippedRuns.push(r.id);
        continue;
      }
      tx.update(runs)
        .set({ storageId: at.location.id, storageRoot: localFolderOf(at.location), artifactPath: at.key })
        .where(eq(runs.id, r.id))
        .run();
      out.runs++;
    }
    const legacyOrphans = tx.select().from(orphanArtifacts).where(isNull(orphanArtifacts.storageId)).all();
    for (const o of legacyOrphans) {
      const at = place(path.resolve(o.storageRoot), o.artifactPath);
      if (!at) continue;
      tx.update(orphanArtifacts)
        .set({ storageId: at.location.id, storageRoot: localFolderOf(at.location)!, artifactPath: at.key })
        .where(eq(orphanArtifacts.id, o.id))
        .run();
      out.orphans++;
    }
    out.created = listLocations(tx)
      .filter((l) => !before.has(l.id))
      .map((l) => l.name);
    return out;
  });
}

