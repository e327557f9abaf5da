import { once } from "node:events";
import type { Pack } from "tar-stream";
import { CHUNK, chunkPool } from "./chunk-pool";

export type Headers = Parameters<Pack["entry"]>[0];

export { CHUNK };

/** Add an entry without a body (directory, symlink) or with a small in-memory body. */
export function addEntry(pack: Pack, header: Headers, body?: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const cb = (err?: Error | null) => (err ? reject(err) : resolve());
    if (body === undefined) pack.entry(header, cb);
    else pack.entry(header, body, cb);
  });
}

/** Positional read: resolves to the number of bytes read (0 at end of file). */
export type ReadAt = (buf: Buffer, length: number, position: number) => Promise<number>;

/**
 * Stream `size` bytes of a file into a new tar entry, respecting backpressure (memory stays flat:
 * the pack buffers a few MiB at most). The header size is fixed before the body, so a file that
 * shrinks while read is padded with zeros (the caller reports it) and one that grows is cut.
 * Returns the bytes actually read.
 */
export async function streamFileEntry(
  pack: Pack,
  header: Headers & { size: number },
  readAt: ReadAt,
  signal: AbortSignal,
  onBytes: (n: number) => void,
): Promise<{ read: number }> {
  let done!: Promise<void>;
  const entry = await new Promise<NodeJS.WritableStream>((resolve) => {
    done = new Promise<void>((res, rej) => {
      const e = pack.entry(header, (err) => (err ? rej(err) : res()));
      resolve(e as unknown as NodeJS.WritableStream);
    });
  });
  done.catch(() => {});
  // When the pack is destroyed mid-entry (cancel, timeout, compressor failure) the entry is
  // destroyed with that error and emits it; the callback above already reports it, and an
  // 'error' event without a listener would crash the process.
  (entry as unknown as NodeJS.EventEmitter).on("error", () => {});
  let pos = 0;
  let read = 0;
  let eof = false;
  while (pos < header.size) {
    if (signal.aborted) throw signal.reason;
    const want = Math.min(CHUNK, header.size - pos);
    const buf = want === CHUNK ? chunkPool.take() : Buffer.allocUnsafe(want);
    let got = 0;
    while (!eof && got < want) {
      const n = await readAt(buf.subarray(got), want - got, pos + got);
      if (n === 0) eof = true;
      got += n;
    }
    read += got;
    if (got < want) buf.fill(0, got);
    pos += want;
    onBytes(want);
    if (!entry.write(buf)) await once(entry as unknown as NodeJS.EventEmitter, "drain", { signal });
  }
  entry.end();
  await done;
  return { read };
}
