import { PassThrough, type Duplex } from "node:stream";
import zlib from "node:zlib";
import { execa } from "execa";
import type { Compression } from "../db/schema";

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
export function compressor(compression: Compression, level: number | null, signal: AbortSignal): Duplex {
  if (compression === "gzip") return zlib.createGzip({ level: level ?? 6, chunkSize: 256 * 1024 });
  if (compression === "none") return new PassThrough({ highWaterMark: 1 << 20 });
  const child = execa("zstd", [`-${level ?? 3}`, "-T0", "-q", "-c", "-"], {
    cancelSignal: signal,
    forceKillAfterDelay: 1000,
    buffer: false,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    encoding: "buffer",
  });
  return child.duplex();
}
