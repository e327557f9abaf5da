import { z } from "zod";
import { storageKind } from "../../engine/storage/registry";
import { scanHostKey } from "../../engine/storage/sftp/scan";
import type { SftpSettings } from "../../engine/storage/sftp/settings";
import { describeSftpError } from "../../engine/storage/sftp/errors";
import { ValidationError } from "../../errors";
import { MASK } from "./schemas";

/** The kind's parse, with every issue's path under "settings." so the answer names the field as sent. */
export function parseKindSettings(kind: string, settings: Record<string, unknown>): Record<string, unknown> {
  const r = storageKind(kind).settings.safeParse(settings);
  if (r.success) return r.data as Record<string, unknown>;
  throw new z.ZodError(r.error.issues.map((i) => ({ ...i, path: ["settings", ...i.path] })));
}

/** Settings sent on a change, over the stored ones: a secret left out, empty or "***" keeps the stored value. */
export function mergeSettings(kind: string, stored: Record<string, unknown>, sent: Record<string, unknown>): Record<string, unknown> {
  const secrets = storageKind(kind).secretFields;
  const out: Record<string, unknown> = { ...stored };
  for (const [k, v] of Object.entries(sent)) {
    if (secrets.includes(k) && (v === MASK || v === "" || v == null)) continue;
    out[k] = v;
  }
  return out;
}

/**
 * An SFTP location is saved only with its host key pinned: without one, fetch the key the server
 * shows and answer 400 with it, so the admin compares it (`ssh-keygen -lf` on the server) and
 * sends it back as settings.hostKeyFingerprint. Never trust-on-first-use silently.
 */
export async function requirePinnedHostKey(kind: string, parsed: Record<string, unknown>): Promise<void> {
  if (kind !== "sftp" || parsed.hostKeyFingerprint) return;
  const s = parsed as SftpSettings;
  let fingerprint: string;
  try {
    fingerprint = await scanHostKey(s);
  } catch (e) {
    throw new ValidationError(`settings.host: cannot read the server's host key: ${describeSftpError(e, `${s.host}:${s.port}`)}`, {
      "settings.host": "The server could not be reached",
    });
  }
  throw new ValidationError(
    `host key: ${s.host}:${s.port} shows host key ${fingerprint}. Check it on the server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and send it as settings.hostKeyFingerprint to pin it`,
    { "settings.hostKeyFingerprint": fingerprint },
  );
}
