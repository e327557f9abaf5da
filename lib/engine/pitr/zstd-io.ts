import crypto from "node:crypto";
import fs from "node:fs";
import { Transform, type Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { StorageBackend } from "../storage/backend";
import { trackedExeca } from "../process/process-registry";

/**
 * WAL segments and base backup tars are stored zstd-compressed (Node 20 has no zstd: the CLI).
 * Both directions hash the UNCOMPRESSED bytes in the same pass, so what a restore gets back is
 * checked against what PostgreSQL wrote, not against what the storage holds.
 */

export interface Digest {
  size: number;
  sha256: string;
}

function hashTap(): { tap: Transform; digest: () => Digest } {
  const h = crypto.createHash("sha256");
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _e, cb) {
      h.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  let hex: string | null = null;
  return { tap, digest: () => ({ size, sha256: (hex ??= h.digest("hex")) }) };
}

function zstd(args: string[], signal?: AbortSignal) {
  return trackedExeca("zstd", ["-q", ...args], { cancelSignal: signal, stdin: "pipe", stdout: "pipe", stderr: "pipe", buffer: { stdout: false }, reject: false });
}

async function checkExit(child: ReturnType<typeof zstd>, what: string): Promise<void> {
  const r = await child;
  if (r.failed && !r.isCanceled) throw new Error(`zstd (${what}) failed: ${String(r.stderr || r.shortMessage).trim()}`);
}

/** Compress `file` into `key`; the digest is the file's own. */
export async function putCompressed(backend: StorageBackend, key: string, file: string, opts: { level?: number; signal?: AbortSignal } = {}): Promise<Digest & { storedSize: number }> {
  const child = zstd([`-${opts.level ?? 3}`, "-T0", "-c", "-"], opts.signal);
  const { tap, digest } = hashTap();
  const feeding = pipeline(fs.createReadStream(file), tap, child.stdin!, { signal: opts.signal });
  const [put] = await Promise.all([backend.put(key, child.stdout!, { signal: opts.signal }), feeding, checkExit(child, `compress ${key}`)]);
  return { ...digest(), storedSize: put.size };
}

/**
 * Decompress `key` into `sink` (a file, tar's stdin) and check size and sha256 against `expected`.
 * A mismatch rejects: a restore must not run on a segment that is not the one stored.
 */
export async function fetchDecompressed(backend: Pick<StorageBackend, "open">, key: string, sink: Writable, expected: Digest, signal?: AbortSignal): Promise<void> {
  const child = zstd(["-d", "-c", "-"], signal);
  const { tap, digest } = hashTap();
  const src: Readable = await backend.open(key);
  await Promise.all([pipeline(src, child.stdin!, { signal }), pipeline(child.stdout!, tap, sink, { signal }), checkExit(child, `decompress ${key}`)]);
  const got = digest();
  if (got.size !== expected.size || got.sha256 !== expected.sha256) {
    throw new Error(`${key} is damaged: expected ${expected.size} bytes with sha256 ${expected.sha256}, got ${got.size} bytes with sha256 ${got.sha256}`);
  }
}

export async function fetchDecompressedToFile(backend: Pick<StorageBackend, "open">, key: string, file: string, expected: Digest, signal?: AbortSignal): Promise<void> {
  await fetchDecompressed(backend, key, fs.createWriteStream(file, { mode: 0o640 }), expected, signal);
}
