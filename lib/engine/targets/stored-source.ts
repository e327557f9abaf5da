import { sealJson, unsealJson } from "../../crypto/secrets";
import { MASK, splitUrlSecret, type UrlSecret } from "./url-secrets";
import { hasUrlSecret } from "./source-input";

/** What targets.secret_enc holds: the URL's secrets and the restricted restore login's password. */
export type StoredSecret = UrlSecret & { restorePassword?: string };

/**
 * What goes into targets.source and targets.secret_enc. New secrets (the URL's password, secret
 * query parameters) are sealed; a masked one (`***`, the form's "leave empty to keep it") keeps
 * the stored value; one that is no longer in the URL is forgotten. The restricted restore login's
 * password (postgres, mysql) works the same way and goes with its user name: kept while the user
 * is set and no new one is typed, dropped with the user.
 */
export function storedSource(
  type: string,
  source: Record<string, unknown>,
  existingSecretEnc: string | null,
): { source: Record<string, unknown>; secretEnc: string | null } {
  if (!hasUrlSecret(type) || typeof source.url !== "string") return { source, secretEnc: null };
  const kept = unsealJson<StoredSecret>(existingSecretEnc);
  const { url, secret } = splitUrlSecret(source.url, kept);
  const { restorePassword, ...rest } = source;
  const next: StoredSecret = { ...(secret ?? {}) };
  if (typeof rest.restoreUser === "string" && rest.restoreUser) {
    const typed = typeof restorePassword === "string" && restorePassword !== "" && restorePassword !== MASK ? restorePassword : null;
    const pw = typed ?? kept?.restorePassword;
    if (pw) next.restorePassword = pw;
  } else delete rest.restoreUser;
  const any = Object.keys(next).length > 0;
  // Unchanged secrets keep their sealed bytes (no new IV for every edit of the name).
  if (any && existingSecretEnc && JSON.stringify(next) === JSON.stringify(kept)) return { source: { ...rest, url }, secretEnc: existingSecretEnc };
  return { source: { ...rest, url }, secretEnc: any ? sealJson(next as Record<string, unknown>) : null };
}
