import type { StorageLocation } from "../../../db/schema";
import { seal, unseal } from "../../../crypto/secrets";
import { generateIdentity } from "./age-keys";

/** What a location's age columns hold: Lifeboat's own key pair (identity sealed) and the extra recipients. */
export interface LocationAgeColumns {
  ageRecipient: string | null;
  ageIdentityEnc: string | null;
}

/** A new identity for a location, ready for its columns (the secret sealed before it leaves this function). */
export async function newLocationIdentity(): Promise<LocationAgeColumns> {
  const pair = await generateIdentity();
  return { ageRecipient: pair.recipient, ageIdentityEnc: seal(pair.identity) };
}

/**
 * Every public key an artifact stored in this location is encrypted to: Lifeboat's own and the
 * admin's extra ones (an offline key kept in a safe). Empty when the location does not encrypt.
 */
export function locationRecipients(loc: StorageLocation): string[] {
  if (loc.encryption !== "age") return [];
  if (!loc.ageRecipient) throw new Error(`Storage location "${loc.name}" encrypts with age but has no key pair`);
  return [loc.ageRecipient, ...(loc.ageExtraRecipients ?? [])];
}

/**
 * The identity that opens this location's artifacts, or null when it never had one. Kept after
 * encryption is turned off: artifacts written while it was on still need it.
 */
export function locationIdentity(loc: StorageLocation): string | null {
  return loc.ageIdentityEnc ? unseal(loc.ageIdentityEnc) : null;
}
