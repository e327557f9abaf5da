import type { TargetType } from "../../db/schema";
import { sealJson } from "../../crypto/secrets";
import { MASK, splitSecret } from "./source";
import { isDbType } from "./source-input";

function hasMask(url: string): boolean {
  const p = new URL(url).password;
  return p === MASK || p === encodeURIComponent(MASK);
}

function stripMask(url: string): string {
  const u = new URL(url);
  u.password = "";
  return u.toString();
}

/**
 * What goes into targets.source and targets.secret_enc. A new password is sealed; a masked one
 * (`***`, the form's "leave empty to keep it") keeps the stored secret; no password clears it.
 */
export function storedSource(
  type: TargetType,
  source: Record<string, unknown>,
  existingSecretEnc: string | null,
): { source: Record<string, unknown>; secretEnc: string | null } {
  const { source: clean, secret } = splitSecret(type, source);
  if (secret) return { source: clean, secretEnc: sealJson(secret) };
  if (isDbType(type) && typeof clean.url === "string" && hasMask(clean.url)) {
    if (existingSecretEnc) return { source: clean, secretEnc: existingSecretEnc };
    return { source: { ...clean, url: stripMask(clean.url) }, secretEnc: null };
  }
  return { source: clean, secretEnc: null };
}
