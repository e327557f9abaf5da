import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { recoveryKitExports, resticRepos, storageLocations } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { actorLabel, type Actor } from "../../auth/actor";
import { seal } from "../../crypto/secrets";
import { splitSecrets } from "../../engine/storage/locations";
import { AGE_IDENTITY } from "../../engine/storage/encryption";
import { ValidationError } from "../../errors";
import { requireStorageAdmin } from "../storage-locations/access";
import { parseKindSettings } from "../storage-locations/settings";
import { recoveryKit, type KitLocation } from "./kit-format";

export interface KitImport {
  created: string[];
  updated: string[];
}

function parseKit(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError("kit: the file is not JSON (is it a Lifeboat recovery kit?)", { kit: "Not JSON" });
  }
  return recoveryKit.parse(json);
}

function upsert(tx: DbOrTx, l: KitLocation, parsed: Record<string, unknown>): "created" | "updated" {
  const { settings, secretEnc } = splitSecrets(l.kind, parsed);
  const cols = {
    kind: l.kind,
    settings,
    secretEnc,
    encryption: l.encryption,
    ageRecipient: l.ageRecipient,
    ageIdentityEnc: l.ageIdentity ? seal(l.ageIdentity) : null,
    ageExtraRecipients: l.ageRecipients,
  };
  const existing = tx.select().from(storageLocations).where(eq(storageLocations.name, l.name)).get();
  const id = existing
    ? tx.update(storageLocations).set({ ...cols, updatedAt: new Date() }).where(eq(storageLocations.id, existing.id)).returning().get().id
    : tx.insert(storageLocations).values({ name: l.name, ...cols }).returning().get().id;
  if (l.resticPassword) {
    const passwordEnc = seal(l.resticPassword);
    // initializedAt stays empty: the restic engine opens the existing repository on first use.
    tx.insert(resticRepos).values({ storageId: id, passwordEnc }).onConflictDoUpdate({ target: resticRepos.storageId, set: { passwordEnc, initializedAt: null } }).run();
  }
  return existing ? "updated" : "created";
}

/**
 * Read a recovery kit into this console (admin; typically a fresh one after the server was lost):
 * each location is matched by name — a kit location replaces the settings, secrets and keys of a
 * same-named one, others are added. Everything is checked before anything is written.
 */
export function importRecoveryKit(actor: Actor, text: string): KitImport {
  requireStorageAdmin(actor);
  const kit = parseKit(text);
  const checked = kit.locations.map((l, i) => {
    if (l.ageIdentity && !AGE_IDENTITY.test(l.ageIdentity)) throw new ValidationError(`locations.${i}.ageIdentity: not an age identity`, { [`locations.${i}.ageIdentity`]: "Not an age identity" });
    if (l.encryption === "age" && !l.ageIdentity) throw new ValidationError(`locations.${i}: "${l.name}" encrypts with age but the kit has no identity for it`);
    return { l, parsed: parseKindSettings(l.kind, l.settings) };
  });
  return getDb().transaction((tx) => {
    const out: KitImport = { created: [], updated: [] };
    for (const { l, parsed } of checked) out[upsert(tx, l, parsed)].push(l.name);
    // The console now holds exactly what the kit holds: that kit is as good as a fresh download.
    tx.insert(recoveryKitExports).values({ actorLabel: `${actorLabel(actor)} (import)`, createdAt: new Date() }).run();
    writeAudit(tx, actor, { action: "recovery_kit.import", entityType: "storage", after: { ...out, kitCreatedAt: kit.createdAt } });
    return out;
  });
}
