import type { TargetType } from "../../db/schema";
import { sealJson, unsealJson } from "../../crypto/secrets";
import { splitUrlSecret, type UrlSecret } from "./url-secrets";
import { isDbType } from "./source-input";

/**
 * What goes into targets.source and targets.secret_enc. New secrets (the URL's password, secret
 * query parameters) are sealed; a masked one (`***`, the form's "leave empty to keep it") keeps
 * the stored value; one that is no longer in the URL is forgotten.
 */
export function storedSource(
  type: TargetType,
  source: Record<string, unknown>,
  existingSecretEnc: string | null,
): { source: Record<string, unknown>; secretEnc: string | null } {
  if (!isDbType(type) || typeof source.url !== "string") return { source, secretEnc: null };
  const kept = unsealJson<UrlSecret>(existingSecretEnc);
  const { url, secret } = splitUrlSecret(source.url, kept);
  // Unchanged secrets keep their sealed bytes (no new IV for every edit of the name).
  if (secret && existingSecretEnc && JSON.stringify(secret) === JSON.stringify(kept)) return { source: { ...source, url }, secretEnc: existingSecretEnc };
  return { source: { ...source, url }, secretEnc: secret ? sealJson(secret as Record<string, unknown>) : null };
}
