import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { resticRepos } from "../../db/schema";
import { unseal, unsealJson } from "../../crypto/secrets";
import { env } from "../../env";
import { listLocations } from "../../engine/storage/locations";
import { locationIdentity } from "../../engine/storage/encryption";
import { KIT_FORMAT, KIT_README, type RecoveryKit } from "./kit-format";

/** The kit of this console now: every location with its secrets unsealed. Callers check who asks. */
export function buildRecoveryKit(db: DbOrTx, now = new Date()): RecoveryKit {
  return {
    format: KIT_FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    readme: KIT_README,
    consoleSecretKey: env().secretKey.toString("hex"),
    locations: listLocations(db).map((loc) => {
      const repo = db.select().from(resticRepos).where(eq(resticRepos.storageId, loc.id)).get();
      return {
        name: loc.name,
        kind: loc.kind,
        settings: { ...loc.settings, ...(unsealJson<Record<string, unknown>>(loc.secretEnc) ?? {}) },
        encryption: loc.encryption,
        ageIdentity: locationIdentity(loc),
        ageRecipient: loc.ageRecipient,
        ageRecipients: loc.ageExtraRecipients ?? [],
        resticPassword: repo ? unseal(repo.passwordEnc) : null,
      };
    }),
  };
}
