import { PassThrough, type Readable, type Writable } from "node:stream";
import zlib from "node:zlib";
import { trackedExeca } from "../process/process-registry";
import type { Compression } from "../../db/schema";

export const DEFAULT_LEVEL: Record<Compression, number | null> = { zstd: 3, gzip: 6, none: null };

export function levelFor(compression: Compression, meta: Record<string, unknown> | null | undefined): number | null {
  const wanted = meta?.compressionLevel;
  const def = DEFAULT_LEVEL[compression];
  if (def == null) return null;
  if (typeof wanted !== "number" || !Number.isInteger(wanted)) return def;
  if (compression === "gzip") return Math.min(9, Math.max(1, wanted));
  return Math.min(19, Math.max(1, wanted));
}

/**
 * The compressor stage. zstd is the CLI streaming through the process (`-T0`: all cores; Node 20
 * has no zstd); gzip is Node's zlib; "none" passes bytes through. Aborting the signal kills zstd.
 */
export interface CompressorStage {
  /** Write the tar stream here. */
  input: Writable;
  /** Read the compressed bytes here. */
  output: Readable;
  /** Settles when the compressor is done (the zstd process exited; rejects on a non-zero exit). */
  done: Promise<void>;
}

/** zstd's message for a full disk (it exits 1 with "Write error : … No space left on device"). */
const NO_SPACE = /No space left on device|Disk quota exceeded/i;

function zstdError(e: { stderr?: unknown; shortMessage?: string; message: string }): Error {
  const msg = String(e.stderr ?? "").trim() || e.shortMessage || e.message;
  return Object.assign(new Error(`zstd failed: ${msg}`), NO_SPACE.test(msg) ? { code: "ENOSPC" } : {});
}

/**
 * zstd writing its output straight into an open file (the artifact's .partial): the compressed
 * bytes never come back through Node. Write the tar stream to `input`; `done` settles when zstd
 * has exited (rejects on failure; code ENOSPC when the disk is full). Aborting the signal kills it.
 */
export function zstdToFile(level: number | null, fd: number, signal: AbortSignal): { input: Writable; done: Promise<void> } {
  const child = trackedExeca("zstd", [`-${level ?? 3}`, "-T0", "-q", "-c", "-"], {
    cancelSignal: signal,
    forceKillAfterDelay: 1000,
    stdin: "pipe",
    // Any open fd is passed to spawn as is (execa's types only list 1 and 2 for stdout).
    stdout: fd as 1,
    stderr: "pipe",
    encoding: "utf8",
  });
  const done = child.then(
    () => undefined,
    (e: { stderr?: unknown; shortMessage?: string; message: string }) => {
      throw zstdError(e);
    },
  );
  return { input: child.stdin!, done };
}

export function compressor(compression: Compression, level: number | null, signal: AbortSignal): CompressorStage {
  if (compression !== "zstd") {
    const t = compression === "gzip" ? zlib.createGzip({ level: level ?? 6, chunkSize: 256 * 1024 }) : new PassThrough({ highWaterMark: 1 << 20 });
    return { input: t, output: t, done: Promise.resolve() };
  }
  // The process's own stdin/stdout streams (no extra wrapper stream in the hot path).
  const child = trackedExeca("zstd", [`-${level ?? 3}`, "-T0", "-q", "-c", "-"], {
    cancelSignal: signal,
    forceKillAfterDelay: 1000,
    buffer: false,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    encoding: "buffer",
  });
  const done = child.then(
    () => undefined,
    (e: { stderr?: unknown; shortMessage?: string; message: string }) => {
      throw zstdError(e);
    },
  );
  return { input: child.stdin!, output: child.stdout!, done };
}
