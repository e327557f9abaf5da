import { once } from "node:events";
import type { Pack } from "tar-stream";
import { CHUNK, chunkPool } from "./chunk-pool";

export type Headers = Parameters<Pack["entry"]>[0];

export { CHUNK };

/** The parts of tar-stream 3's Pack used by the fast path below (checked at run time). */
interface PackInternals {
  _stream: unknown;
  _pending: unknown[];
  _finalized: boolean;
  destroying: boolean;
  _drain: () => void;
  _encode(header: Headers): void;
  push(chunk: Buffer): boolean;
}

const BLOCK_ZEROS = Buffer.alloc(512);
const done = Promise.resolve();

/**
 * tar-stream's own entry() builds a streamx Writable per entry (open, write, final, destroy:
 * several ticks each); for 20,000 small files that was most of the tar framing time. When no
 * entry is in progress, push what entry() would push — its header encoding (ustar or pax, the
 * same function), the body and the zero padding — straight into the pack. Same bytes, same
 * defaults. Falls back to entry() when the pack is busy, finished, destroyed, or its internals
 * are not the expected ones (a tar-stream upgrade); pack-entry.test.ts compares the two.
 */
function pushEntry(pack: Pack, header: Headers, body: Buffer | undefined): Promise<void> | null {
  const p = pack as unknown as PackInternals;
  if (typeof p._encode !== "function" || !Array.isArray(p._pending) || typeof p._drain !== "function") return null;
  if (p._stream !== null || p._pending.length > 0 || p._finalized || p.destroying) return null;
  // The defaults of tar-stream's entry(), in its order.
  if (!header.size || header.type === "symlink") header.size = 0;
  if (body) header.size = body.length;
  else if (header.size) return null; // a streamed body: entry() and streamFileEntry
  if (!header.type) {
    if ((header.mode ?? 0) & 0o170000) return null;
    header.type = "file";
  }
  if (!header.mode) header.mode = header.type === "directory" ? 0o755 : 0o644;
  if (!header.uid) header.uid = 0;
  if (!header.gid) header.gid = 0;
  if (!header.mtime) header.mtime = new Date();
  if (header.type === "symlink" && !header.linkname) return null;
  if (body && header.type !== "file" && header.type !== "contiguous-file") return null;
  p._encode(header);
  let more = true;
  if (body && body.length > 0) {
    more = p.push(body);
    const rest = body.length & 511;
    if (rest) more = p.push(BLOCK_ZEROS.subarray(0, 512 - rest));
  }
  if (more) return done;
  // Over the high-water mark: wait until the pipeline reads (the same hook entry()'s writer uses;
  // a destroyed pack calls it too, and the next entry then fails).
  return new Promise((resolve) => {
    p._drain = resolve;
  });
}

/** Add an entry without a body (directory, symlink) or with a small in-memory body. */
export function addEntry(pack: Pack, header: Headers, body?: Buffer | string): Promise<void> {
  const fast = pushEntry(pack, header, typeof body === "string" ? Buffer.from(body) : body);
  if (fast) return fast;
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
