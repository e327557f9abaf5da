import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { storageLocations } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import type { Actor } from "../../auth/actor";
import { unsealJson } from "../../crypto/secrets";
import { splitSecrets } from "../../engine/storage/locations";
import { newLocationIdentity } from "../../engine/storage/encryption";
import { requireStorageAdmin } from "./access";
import type { StorageDto } from "./dto";
import { assertNameFree, dtoOf, rowOf } from "./rows";
import { storagePatchInput, type StoragePatchInput } from "./schemas";
import { mergeSettings, parseKindSettings, requirePinnedHostKey } from "./settings";

/**
 * Change a location (admin). Turning age on generates an identity the first time; turning it off
 * keeps the identity, since artifacts written meanwhile still need it to be opened.
 */
export async function updateStorageLocation(actor: Actor, id: number, input: StoragePatchInput): Promise<StorageDto> {
  requireStorageAdmin(actor);
  const data = storagePatchInput.parse(input);
  const before = rowOf(getDb(), id);
  if (data.name !== undefined) assertNameFree(getDb(), data.name, id);
  let parsed: Record<string, unknown> | null = null;
  if (data.settings) {
    const stored = { ...before.settings, ...(unsealJson<Record<string, unknown>>(before.secretEnc) ?? {}) };
    parsed = parseKindSettings(before.kind, mergeSettings(before.kind, stored, data.settings));
    await requirePinnedHostKey(before.kind, parsed);
  }
  const keys = data.encryption === "age" && !before.ageIdentityEnc ? await newLocationIdentity() : null;
  return getDb().transaction((tx) => {
    const row = rowOf(tx, id);
    if (data.name !== undefined) assertNameFree(tx, data.name, id);
    const split = parsed ? splitSecrets(row.kind, parsed) : null;
    const after = tx
      .update(storageLocations)
      .set({
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(split ? { settings: split.settings, secretEnc: split.secretEnc } : {}),
        ...(data.encryption !== undefined ? { encryption: data.encryption } : {}),
        ...(data.ageRecipients !== undefined ? { ageExtraRecipients: data.ageRecipients } : {}),
        ...(keys ?? {}),
        updatedAt: new Date(),
      })
      .where(eq(storageLocations.id, id))
      .returning()
      .get();
    const dto = dtoOf(tx, after);
    writeAudit(tx, actor, { action: "storage.update", entityType: "storage", entityId: id, before: dtoOf(tx, row), after: dto });
    return dto;
  });
}
