import { getDb } from "../../db/client";
import type { Actor } from "../../auth/actor";
import { backendFor } from "../../engine/storage/locations";
import { ValidationError } from "../../errors";
import { requireStorageAdmin } from "./access";
import { rowOf } from "./rows";

/** The causes a failed test names (the first word of the backends' worded errors, lib/engine/storage/*\/errors.ts). */
const CAUSES: [RegExp, string][] = [
  [/\bDNS:/, "dns"],
  [/\bTLS:/, "tls"],
  [/\bhost key:/, "host_key"],
  [/\bauth:/, "auth"],
  [/\bpermission:/, "permission"],
  [/\bbucket missing:/, "bucket_missing"],
  [/\bfull:/, "full"],
  [/\bregion:/, "region"],
  [/\bkey:/, "key"],
  [/\b(connect|connection):/, "connect"],
  [/\bnot found:|ENOENT|no such file/i, "not_found"],
  [/EACCES|EPERM|read-only/i, "permission"],
];

export function causeOf(message: string): string {
  return CAUSES.find(([re]) => re.test(message))?.[1] ?? "other";
}

/**
 * "Test" (admin): write, read back and delete a probe object. Answers the latency, or a
 * ValidationError (400) whose details name the stage and the cause (dns, tls, auth, permission,
 * bucket_missing, host_key…); an unconfirmed SFTP host key comes with the fingerprint seen.
 */
export async function testStorageLocation(actor: Actor, id: number): Promise<{ ok: true; latencyMs: number }> {
  requireStorageAdmin(actor);
  const row = rowOf(getDb(), id);
  let result;
  try {
    result = await backendFor(row).probe();
  } catch (e) {
    result = { ok: false as const, stage: "connect" as const, error: (e as Error).message };
  }
  if (result.ok) return { ok: true, latencyMs: result.latencyMs };
  const cause = causeOf(result.error);
  const details: Record<string, string> = { stage: result.stage, cause };
  const fp = cause === "host_key" ? /has host key (SHA256:[A-Za-z0-9+/]{43})/.exec(result.error)?.[1] : undefined;
  if (fp) details.hostKeyFingerprint = fp;
  throw new ValidationError(`Test of "${row.name}" failed at ${result.stage}: ${result.error}`, details);
}
