import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { StorageLocation } from "../../db/schema";
import type { StorageBackend } from "../storage/backend";
import { backendFor } from "../storage/locations";
import { sha256KeyOf } from "../storage/run-artifact";
import { ageEncrypt, locationRecipients } from "../storage/encryption";
import { HashStream } from "./hash-stream";
import { writeArtifactIndex } from "../storage/artifact-index";
import type { ArtifactManifest } from "../archive/read";

export interface CopySource {
  backend: StorageBackend;
  key: string;
  size: number;
  /** The artifact's (plaintext) sha256, as the backup recorded it: checked while streaming. */
  sha256: string;
  /** The run's manifest: written into the index beside the copy, so a rescan need not download it. */
  manifest?: ArtifactManifest | null;
}

export interface CopyResult {
  size: number;
  /** The stored object's sha256 (the ciphertext's when encrypted). */
  sha256: string;
  /** Bytes read from the source. */
  readBytes?: number;
}

/**
 * Stream one artifact from its primary location into a copy location, never through a file:
 * open → hash (checked against the run's sha256) → age (when the location encrypts) → hash →
 * put. The put becomes visible only when complete, and only once the plaintext matched and age
 * exited cleanly. A `.sha256` companion (of the stored object, `sha256sum -c` format) and an
 * index (the manifest and the plaintext's sha256, encrypted like the copy: artifact-index.ts) are
 * written beside it. Memory stays flat: every stage streams with bounded buffers.
 */
export async function copyArtifact(src: CopySource, dest: StorageLocation, destKey: string, signal: AbortSignal): Promise<CopyResult> {
  const to = backendFor(dest);
  const result = await copyObject(src, dest, destKey, signal);
  await to.put(sha256KeyOf(destKey), Readable.from([Buffer.from(`${result.sha256}  ${path.posix.basename(destKey)}\n`)]), { signal });
  if (src.manifest) await writeArtifactIndex(to, dest, destKey, { sha256: src.sha256!, storedBytes: result.size, manifest: src.manifest }, signal);
  return result;
}

/**
 * The stream of copyArtifact without its companions: one object from a backend into a copy
 * location (age when it encrypts), the read bytes checked against `src.sha256` when given (and
 * counted: `readBytes`), the stored size checked by a stat. PITR's WAL and base backup
 * files (pitr/offsite.ts) are copied with it: they are many and small, and their own checksums
 * (of the uncompressed bytes) are kept in pitr_copies, so no `.sha256` file goes beside each.
 */
export async function copyObject(src: Omit<CopySource, "sha256"> & { sha256?: string | null }, dest: StorageLocation, destKey: string, signal: AbortSignal): Promise<CopyResult> {
  const to = backendFor(dest);
  const input = await src.backend.open(src.key);
  const plain = new HashStream({ expect: src.sha256 ?? null, what: `the artifact ${src.key}` });
  let stored: HashStream;
  let plainDone: Promise<void>;
  if (dest.encryption === "age") {
    const age = ageEncrypt(locationRecipients(dest), signal);
    plainDone = pipeline(input, plain, age.input, { signal });
    plainDone.catch(() => {}); // awaited through beforeEnd below
    stored = new HashStream({ what: `the encrypted copy of ${src.key}`, beforeEnd: () => Promise.all([plainDone, age.done]).then(() => {}) });
    age.output.pipe(stored);
    age.output.on("error", (e) => stored.destroy(e));
    // A failure on the plaintext side ends age's input: its output must not end as if complete.
    plainDone.catch((e) => stored.destroy(e));
    age.done.catch((e) => stored.destroy(e));
  } else {
    input.on("error", (e) => plain.destroy(e));
    input.pipe(plain);
    stored = plain;
    plainDone = Promise.resolve();
  }
  try {
    await to.put(destKey, stored, { signal, ...(dest.encryption === "age" ? {} : { size: src.size }) });
    await plainDone;
  } catch (e) {
    input.destroy();
    stored.destroy();
    await to.delete(destKey).catch(() => {});
    throw e;
  }
  const result = { size: stored.bytes, sha256: stored.sha256! };
  const check = await to.stat(destKey);
  if (check?.size !== result.size) {
    await to.delete(destKey).catch(() => {});
    throw new Error(`${to.where} holds ${check?.size ?? "no"} bytes under ${destKey}; ${result.size} were sent`);
  }
  return { ...result, readBytes: plain.bytes };
}
