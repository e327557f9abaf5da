import path from "node:path";
import { getDb, type DbOrTx } from "../../db/client";
import type { Run } from "../../db/schema";
import { checkKey, type StorageBackend } from "./backend";
import { LocalBackend } from "./local/backend";
import { backendOf } from "./locations";
import { indexKeysOf } from "./artifact-index";

export type ArtifactRow = Pick<Run, "id" | "storageId" | "storageRoot" | "artifactPath">;

/** The key of a run's `.sha256` companion object. */
export const sha256KeyOf = (key: string) => `${key}.sha256`;

/**
 * Where a run's artifact is: its location's backend and its key. A row older than the location
 * conversion (no storage_id yet) is read through its own folder. A key that could leave its
 * location (`..`, absolute) is refused here, before any backend sees it.
 */
export function artifactOf(run: ArtifactRow, db: DbOrTx = getDb()): { backend: StorageBackend; key: string } {
  if (!run.artifactPath || (run.storageId == null && !run.storageRoot)) throw new Error(`Run ${run.id} has no stored artifact`);
  const backend = run.storageId != null ? backendOf(run.storageId, db) : new LocalBackend(path.resolve(run.storageRoot!));
  try {
    return { backend, key: checkKey(run.artifactPath) };
  } catch {
    throw new Error(`Artifact path ${JSON.stringify(run.artifactPath)} leaves its storage root ${backend.where}`);
  }
}

/** Delete a run's artifact and its .sha256 (absent ones are fine). Never call inside a transaction. */
export async function deleteArtifactObjects(backend: StorageBackend, key: string): Promise<void> {
  await backend.delete(key);
  await backend.delete(sha256KeyOf(key));
  for (const index of indexKeysOf(key)) await backend.delete(index);
}
