import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { StorageLocation } from "../../db/schema";
import type { StorageBackend } from "../storage/backend";
import { backendFor } from "../storage/locations";
import { sha256KeyOf } from "../storage/run-artifact";
import { ageEncrypt, ageEncryptFile, locationRecipients } from "../storage/encryption";
import { LocalBackend } from "../storage/local/backend";
import { checkSha256 } from "../storage/local-file";
import { followHash } from "../archive/hash-follower";
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

/** From this size on, an encrypted copy of a local artifact has age read the file itself (encryptLocalFile). */
const DIRECT_AGE_BYTES = 16 << 20;
/** From this size on, a plain copy of a local artifact goes by putFile where the destination has it (putLocalFile). */
const DIRECT_PUT_BYTES = 16 << 20;

/**
 * A plain copy of a local artifact into a backend that takes files (S3: multipart from positional
 * reads): no stream in between, the file hashed by the backend in order and checked against
 * `src.sha256` before the object becomes visible; the backend also reads back the stored size.
 */
export async function putLocalFile(src: { from: LocalBackend; key: string; sha256: string | null }, to: StorageBackend, destKey: string, signal: AbortSignal): Promise<CopyResult> {
  const fh = await src.from.openFile(src.key);
  try {
    const { size } = await fh.stat();
    const stored = await to.putFile!(destKey, { fd: fh.fd, size }, { signal, sha256: src.sha256, what: `the artifact ${src.key}` });
    return { size: stored.size, sha256: stored.sha256, readBytes: stored.size };
  } finally {
    await fh.close();
  }
}

/**
 * The stream of copyArtifact without its companions: one object from a backend into a copy
 * location (age when it encrypts), the read bytes checked against `src.sha256` when given (and
 * counted: `readBytes`), the stored size checked by a stat. PITR's WAL and base backup
 * files (pitr/offsite.ts) are copied with it: they are many and small, and their own checksums
 * (of the uncompressed bytes) are kept in pitr_copies, so no `.sha256` file goes beside each.
 */
export async function copyObject(src: Omit<CopySource, "sha256"> & { sha256?: string | null }, dest: StorageLocation, destKey: string, signal: AbortSignal): Promise<CopyResult> {
  if (dest.encryption === "age" && src.backend instanceof LocalBackend && src.size >= DIRECT_AGE_BYTES)
    return encryptLocalFile({ from: src.backend, key: src.key, sha256: src.sha256 ?? null }, locationRecipients(dest), backendFor(dest), destKey, signal);
  const to = backendFor(dest);
  if (dest.encryption !== "age" && src.backend instanceof LocalBackend && src.size >= DIRECT_PUT_BYTES && to.putFile) {
    try {
      return await putLocalFile({ from: src.backend, key: src.key, sha256: src.sha256 ?? null }, to, destKey, signal);
    } catch (e) {
      await to.delete(destKey).catch(() => {});
      throw e;
    }
  }
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

/**
 * An encrypted copy of a large artifact in a local location, without the plaintext passing through
 * the event loop: age reads the open file as its stdin, a worker thread hashes the same file
 * (positional reads, from the page cache) and checks it against `src.sha256`, and only the
 * ciphertext comes through here (hashed, then put). On two cores the plaintext's read and sha256
 * then run beside age and the ciphertext's, not in turn with them (npm run bench offsite-copy).
 * The stored object still becomes visible only once the plaintext matched and age exited cleanly.
 */
export async function encryptLocalFile(
  src: { from: LocalBackend; key: string; sha256: string | null },
  recipients: string[],
  to: StorageBackend,
  destKey: string,
  signal: AbortSignal,
): Promise<CopyResult> {
  const fh = await src.from.openFile(src.key);
  const follower = followHash({ fd: fh.fd });
  try {
    const plainDone = follower.finish().then(({ sha256, bytes }) => {
      checkSha256(`the artifact ${src.key}`, sha256, src.sha256);
      return bytes;
    });
    plainDone.catch(() => {}); // awaited through beforeEnd below
    const age = ageEncryptFile(recipients, fh.fd, signal);
    const stored = new HashStream({ what: `the encrypted copy of ${src.key}`, beforeEnd: () => Promise.all([plainDone, age.done]).then(() => {}) });
    age.output.pipe(stored);
    age.output.on("error", (e) => stored.destroy(e));
    plainDone.catch((e) => stored.destroy(e));
    age.done.catch((e) => stored.destroy(e));
    try {
      await to.put(destKey, stored, { signal });
    } catch (e) {
      stored.destroy();
      // Nothing reads age's output any more: closing it ends age (a broken pipe) instead of leaving it blocked.
      age.output.destroy();
      await age.done.catch(() => {});
      await to.delete(destKey).catch(() => {});
      throw e;
    }
    const readBytes = await plainDone;
    const result = { size: stored.bytes, sha256: stored.sha256! };
    const check = await to.stat(destKey);
    if (check?.size !== result.size) {
      await to.delete(destKey).catch(() => {});
      throw new Error(`${to.where} holds ${check?.size ?? "no"} bytes under ${destKey}; ${result.size} were sent`);
    }
    return { ...result, readBytes };
  } finally {
    follower.stop();
    await fh.close();
  }
}
