import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import tar, { type Pack } from "tar-stream";
import type { Compression } from "../../db/schema";
import { StepError } from "../process/step";
import { compressor, zstdToFile } from "./compress";
import { followHash, type HashFollower } from "./hash-follower";
import { startWriteback } from "./early-writeback";
import { HashTap } from "./hash-tap";
import { FileSink } from "./file-sink";
import { Coalesce } from "./coalesce";
import { ReleasingSink } from "./chunk-pool";
import { writeSha256File } from "./sha256-file";

export interface WriteArtifactOptions {
  /** Final path; the file is written as `<file>.partial` and renamed when complete. */
  file: string;
  compression: Compression;
  level: number | null;
  signal: AbortSignal;
  /** Adds the entries (manifest first) to the tar stream; the pipeline drains it concurrently. */
  fill: (pack: Pack, signal: AbortSignal) => Promise<void>;
}

export interface WrittenArtifact {
  sizeBytes: number;
  sha256: string;
}

export function isNoSpace(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (x.code === "ENOSPC" || x.code === "EDQUOT") return true;
  }
  return false;
}

/**
 * One streaming pipeline: entries → tar → compressor → `<file>.partial` with its sha256 taken on
 * the way (zstd: zstd writes the file itself and a worker thread hashes it as it grows), fsynced,
 * then renamed, then `<file>.sha256` (itself tmp + rename). On any failure the partial file is
 * removed, so nothing that looks like a good artifact is left. ENOSPC → StepError "storage full".
 */
export async function writeArtifact(o: WriteArtifactOptions): Promise<WrittenArtifact> {
  const partial = `${o.file}.partial`;
  const inner = new AbortController();
  const onOuter = () => inner.abort(o.signal.reason);
  if (o.signal.aborted) onOuter();
  else o.signal.addEventListener("abort", onOuter, { once: true });

  // A few MiB of buffered tar output lets file reads run ahead of the compressor.
  const pack = tar.pack({ highWaterMark: 4 << 20 });
  const fh = await fsp.open(partial, "w", 0o640);
  let closed = false;
  let compressorDone: Promise<unknown> = Promise.resolve();
  let follower: HashFollower | null = null;
  let writeback: { stop(): Promise<void> } | null = null;
  try {
    const fail = (e: unknown) => {
      inner.abort(e);
      throw e;
    };
    // tar-stream is a streamx stream; Node's pipeline handles it like a readable.
    const tarOut = pack as unknown as NodeJS.ReadableStream;
    let piping: Promise<unknown>;
    let result: () => Promise<{ sha256: string; bytes: number }>;
    if (o.compression === "zstd") {
      // tar → zstd (its stdin) → the .partial file (its stdout is the file): the compressed bytes
      // never come back through Node; a worker thread hashes the file as it grows.
      const z = zstdToFile(o.level, fh.fd, inner.signal);
      compressorDone = z.done;
      const f = (follower = followHash(partial));
      writeback = startWriteback(fh);
      piping = Promise.all([pipeline(tarOut, new Coalesce(), new ReleasingSink(z.input)).catch(fail), z.done.catch(fail)]);
      result = () => f.finish();
    } else {
      const tap = new HashTap();
      const comp = compressor(o.compression, o.level, inner.signal);
      compressorDone = comp.done;
      piping = Promise.all([
        pipeline(tarOut, new Coalesce(), comp.input).catch(fail),
        pipeline(comp.output, tap, new FileSink(fh)).catch(fail),
        comp.done.catch(fail),
      ]);
      result = async () => ({ sha256: tap.digest(), bytes: tap.bytes });
    }
    const filling = o.fill(pack, inner.signal).then(
      () => pack.finalize(),
      (e) => {
        inner.abort(e);
        pack.destroy(e);
        throw e;
      },
    );
    await Promise.all([piping, filling]);
    // FileSink has synced already; syncing again is a no-op. For zstd this is the one fsync,
    // overlapped with the hash catching up with the end of the file.
    await writeback?.stop();
    const [{ sha256, bytes }] = await Promise.all([result(), fh.sync()]);
    const size = (await fh.stat()).size;
    if (size !== bytes) throw new Error(`the artifact is ${size} bytes but ${bytes} were hashed`);
    await fh.close();
    closed = true;
    await fsp.rename(partial, o.file);
    try {
      await writeSha256File(o.file, sha256);
    } catch (e) {
      await fsp.rm(o.file, { force: true });
      throw e;
    }
    await fsyncDir(path.dirname(o.file));
    return { sizeBytes: bytes, sha256 };
  } catch (e) {
    follower?.stop();
    inner.abort(e);
    await writeback?.stop();
    // The compressor's own failure says more than the broken pipe it caused (zstd: disk full).
    const compErr = await compressorDone.then(
      () => null,
      (x: unknown) => x,
    );
    if (!closed) await fh.close().catch(() => {});
    await fsp.rm(partial, { force: true }).catch(() => {});
    if (o.signal.aborted) throw o.signal.reason;
    if (isNoSpace(e) || isNoSpace(compErr)) throw new StepError("storage full: no space left on the storage device; the partial artifact was removed", "storage-full");
    throw e;
  } finally {
    o.signal.removeEventListener("abort", onOuter);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
