import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { storageLocations, type StorageEncryption, type StorageLocation } from "../../db/schema";
import { sealJson, unsealJson } from "../../crypto/secrets";
import type { StorageBackend } from "./backend";
import { storageKind } from "./registry";

/** The name of the first location: the console's default folder as it was before locations existed. */
export const FIRST_LOCATION_NAME = "Local";

export function getLocation(id: number, db: DbOrTx = getDb()): StorageLocation | undefined {
  return db.select().from(storageLocations).where(eq(storageLocations.id, id)).get();
}

export function listLocations(db: DbOrTx = getDb()): StorageLocation[] {
  return db.select().from(storageLocations).orderBy(storageLocations.id).all();
}

/** The folder of a local location (resolved), or null for other kinds. */
export function localFolderOf(loc: StorageLocation): string | null {
  return loc.kind === "local" && typeof loc.settings.path === "string" ? path.resolve(loc.settings.path) : null;
}

/**
 * Split a kind's parsed settings into what is shown (the row's settings) and what is sealed
 * (secret_enc), so a secret can never reach a DTO by being in the settings column.
 */
export function splitSecrets(kind: string, parsed: Record<string, unknown>): { settings: Record<string, unknown>; secretEnc: string | null } {
  const secretFields = storageKind(kind).secretFields;
  const shown: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) (secretFields.includes(k) ? secret : shown)[k] = v;
  return { settings: shown, secretEnc: Object.keys(secret).length ? sealJson(secret) : null };
}

/** Insert a location (settings checked by its kind, secrets sealed). The caller audits. */
export function insertLocation(
  db: DbOrTx,
  input: { name: string; kind: string; settings: Record<string, unknown>; encryption?: StorageEncryption },
): StorageLocation {
  const parsed = storageKind(input.kind).settings.parse(input.settings) as Record<string, unknown>;
  const { settings, secretEnc } = splitSecrets(input.kind, parsed);
  return db
    .insert(storageLocations)
    .values({ name: input.name, kind: input.kind, settings, secretEnc, encryption: input.encryption ?? "none" })
    .returning()
    .get();
}

// Backends may hold clients (S3, SSH): one per location version, made when first used.
// The stamp holds the row's content, not only its time (second-resolution created_at; a test's
// second database may reuse an id), so an edited or different row never gets a stale backend.
const cache = new Map<number, { stamp: string; backend: StorageBackend }>();

/** The backend of a location row, from its settings and unsealed secrets. */
export function backendFor(loc: StorageLocation): StorageBackend {
  const stamp = JSON.stringify([loc.kind, loc.settings, loc.secretEnc, (loc.updatedAt ?? loc.createdAt).getTime()]);
  const hit = cache.get(loc.id);
  if (hit && hit.stamp === stamp) return hit.backend;
  const kind = storageKind(loc.kind);
  const all = { ...loc.settings, ...(unsealJson<Record<string, unknown>>(loc.secretEnc) ?? {}) };
  const backend = kind.create(kind.settings.parse(all));
  cache.set(loc.id, { stamp, backend });
  return backend;
}

export function backendOf(storageId: number, db: DbOrTx = getDb()): StorageBackend {
  const loc = getLocation(storageId, db);
  if (!loc) throw new Error(`Storage location ${storageId} does not exist`);
  return backendFor(loc);
}

/** Close every cached backend's connections (the end of a CLI command: nothing else may keep it running). */
export function closeBackends(): void {
  for (const { backend } of cache.values()) backend.close?.();
  cache.clear();
}
