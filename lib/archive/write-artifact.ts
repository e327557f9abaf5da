import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import tar, { type Pack } from "tar-stream";
import type { Compression } from "../db/schema";
import { StepError } from "../runner/step";
import { compressor } from "./compress";
import { HashTap } from "./hash-tap";
import { FileSink } from "./file-sink";
import { Coalesce } from "./coalesce";
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

function isNoSpace(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (x.code === "ENOSPC" || x.code === "EDQUOT") return true;
  }
  return false;
}

/**
 * One streaming pipeline: entries → tar → compressor → sha256 tap → `<file>.partial`, fsynced,
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
  const tap = new HashTap();
  const fh = await fsp.open(partial, "w", 0o640);
  let closed = false;
  try {
    const out = new FileSink(fh);
    const comp = compressor(o.compression, o.level, inner.signal);
    const fail = (e: unknown) => {
      inner.abort(e);
      throw e;
    };
    // Two pipelines joined at the compressor (for zstd: the process's stdin and stdout).
    // tar-stream is a streamx stream; Node's pipeline handles it like a readable.
    const piping = Promise.all([
      pipeline(pack as unknown as NodeJS.ReadableStream, new Coalesce(), comp.input).catch(fail),
      pipeline(comp.output, tap, out).catch(fail),
      comp.done.catch(fail),
    ]);
    const filling = o.fill(pack, inner.signal).then(
      () => pack.finalize(),
      (e) => {
        inner.abort(e);
        pack.destroy(e);
        throw e;
      },
    );
    await Promise.all([piping, filling]);
    await fh.close();
    closed = true;
    await fsp.rename(partial, o.file);
    const sha256 = tap.digest();
    try {
      await writeSha256File(o.file, sha256);
    } catch (e) {
      await fsp.rm(o.file, { force: true });
      throw e;
    }
    await fsyncDir(path.dirname(o.file));
    return { sizeBytes: tap.bytes, sha256 };
  } catch (e) {
    if (!closed) await fh.close().catch(() => {});
    await fsp.rm(partial, { force: true }).catch(() => {});
    if (o.signal.aborted) throw o.signal.reason;
    if (isNoSpace(e)) throw new StepError("storage full: no space left on the storage device; the partial artifact was removed", "storage-full");
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
