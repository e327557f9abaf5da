import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { storageLocations } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import type { Actor } from "../../auth/actor";
import { insertLocation } from "../../engine/storage/locations";
import { newLocationIdentity } from "../../engine/storage/encryption";
import { requireStorageAdmin } from "./access";
import type { StorageDto } from "./dto";
import { assertNameFree, dtoOf } from "./rows";
import { storageCreateInput, type StorageCreateInput } from "./schemas";
import { parseKindSettings, requirePinnedHostKey } from "./settings";

/**
 * Add a location (admin). The slow parts — reading an SFTP server's host key, generating an age
 * identity — happen before the transaction (better-sqlite3 transactions are synchronous); the row
 * and its audit entry are written together.
 */
export async function createStorageLocation(actor: Actor, input: StorageCreateInput): Promise<StorageDto> {
  requireStorageAdmin(actor);
  const data = storageCreateInput.parse(input);
  const parsed = parseKindSettings(data.kind, data.settings);
  assertNameFree(getDb(), data.name);
  await requirePinnedHostKey(data.kind, parsed);
  const keys = data.encryption === "age" ? await newLocationIdentity() : null;
  return getDb().transaction((tx) => {
    assertNameFree(tx, data.name);
    const row = insertLocation(tx, { name: data.name, kind: data.kind, settings: parsed, encryption: data.encryption });
    const full = tx
      .update(storageLocations)
      .set({ ...(keys ?? {}), ageExtraRecipients: data.ageRecipients })
      .where(eq(storageLocations.id, row.id))
      .returning()
      .get();
    const dto = dtoOf(tx, full);
    writeAudit(tx, actor, { action: "storage.create", entityType: "storage", entityId: row.id, after: dto });
    return dto;
  });
}
