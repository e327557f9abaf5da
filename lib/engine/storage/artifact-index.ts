import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import type { StorageLocation } from "../../db/schema";
import type { StorageBackend } from "./backend";
import { parseManifest, readAll, type ArtifactManifest } from "../archive/read";
import { ageDecrypt, ageEncrypt, locationIdentity, locationRecipients } from "./encryption";

/**
 * A small index object beside a copied artifact: its manifest, the artifact's (plaintext) sha256
 * and the stored object's size. A rescan of a location reads these few hundred bytes instead of
 * downloading (and decrypting) every artifact to find its manifest. In an encrypted location the
 * index is encrypted to the same recipients (`<key>.index.json.age`): it names apps, targets and
 * tables. It is a hint, never trusted for a restore: the restore checks the artifact's sha256 on
 * the way, and an index whose size does not match its object is ignored.
 */
export const INDEX_SUFFIX = ".index.json";
const MAX_INDEX_BYTES = 1 << 20;

export const indexKeysOf = (key: string) => [`${key}${INDEX_SUFFIX}`, `${key}${INDEX_SUFFIX}.age`];
const indexKeyFor = (loc: StorageLocation, key: string) => `${key}${INDEX_SUFFIX}${loc.encryption === "age" ? ".age" : ""}`;

const indexSchema = z.object({
  format: z.literal("lifeboat-artifact-index"),
  version: z.literal(1),
  /** The artifact's sha256 (plaintext, as the backup recorded it). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The stored object's size in bytes (the ciphertext's when encrypted). */
  storedBytes: z.number().int().nonnegative(),
  manifest: z.unknown(),
});

export interface ArtifactIndex {
  sha256: string;
  storedBytes: number;
  manifest: ArtifactManifest;
}

const collect = (stream: Readable, max: number) => readAll(stream, max, () => new Error(`the index is larger than ${max} bytes`));

/** Write the index beside `key` (after the artifact itself is complete and checked). */
export async function writeArtifactIndex(backend: StorageBackend, loc: StorageLocation, key: string, index: ArtifactIndex, signal?: AbortSignal): Promise<void> {
  await putSealedJson(backend, loc, indexKeyFor(loc, key), { format: "lifeboat-artifact-index", version: 1, ...index }, signal);
}

/**
 * A small JSON object at `key`, age-encrypted to the location's recipients when the location
 * encrypts (`key` then ends in `.age`: the caller names it). Shared by the artifact index and
 * the PITR copy indexes (pitr/copy-index.ts).
 */
export async function putSealedJson(backend: StorageBackend, loc: StorageLocation, key: string, value: unknown, signal?: AbortSignal): Promise<void> {
  const json = Buffer.from(JSON.stringify(value));
  let body: Buffer = json;
  if (loc.encryption === "age") {
    const age = ageEncrypt(locationRecipients(loc), signal);
    const [out] = await Promise.all([collect(age.output, MAX_INDEX_BYTES * 2), pipeline(Readable.from([json]), age.input), age.done]);
    body = out;
  }
  await backend.put(key, Readable.from([body]), { signal, size: body.length });
}

/**
 * The JSON at `key` (decrypted with the location's identity when it ends in `.age`), or null when
 * it is missing, too large, or cannot be opened or parsed.
 */
export async function readSealedJson(backend: StorageBackend, loc: StorageLocation, key: string, opts: { scratchDir?: string } = {}): Promise<unknown> {
  const st = await backend.stat(key).catch(() => null);
  if (!st || st.size > MAX_INDEX_BYTES * 2) return null;
  try {
    const body = await backend.open(key);
    let text: Buffer;
    if (key.endsWith(".age")) {
      const identity = locationIdentity(loc);
      if (!identity) return null;
      const age = ageDecrypt(identity, { scratchDir: opts.scratchDir });
      [text] = await Promise.all([collect(age.output, MAX_INDEX_BYTES), pipeline(body, age.input), age.done]);
    } else {
      text = await collect(body, MAX_INDEX_BYTES);
    }
    return JSON.parse(text.toString("utf8"));
  } catch {
    return null;
  }
}

/**
 * The index beside `key`, or null when there is none (an artifact copied before indexes existed,
 * a primary) or it cannot be read (then the caller reads the artifact itself).
 */
export async function readArtifactIndex(backend: StorageBackend, loc: StorageLocation, key: string, opts: { scratchDir?: string } = {}): Promise<ArtifactIndex | null> {
  const raw = await readSealedJson(backend, loc, indexKeyFor(loc, key), opts);
  if (raw == null) return null;
  try {
    const parsed = indexSchema.parse(raw);
    return { sha256: parsed.sha256, storedBytes: parsed.storedBytes, manifest: parseManifest(JSON.stringify(parsed.manifest)) };
  } catch {
    return null;
  }
}
