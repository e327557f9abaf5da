import { once } from "node:events";
import type { FileHandle } from "node:fs/promises";
import type { Pack } from "tar-stream";

export type Headers = Parameters<Pack["entry"]>[0];

export const CHUNK = 1 << 20;

/** Add an entry without a body (directory, symlink) or with a small in-memory body. */
export function addEntry(pack: Pack, header: Headers, body?: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const cb = (err?: Error | null) => (err ? reject(err) : resolve());
    if (body === undefined) pack.entry(header, cb);
    else pack.entry(header, body, cb);
  });
}

export interface StreamResult {
  /** Bytes actually read from the file (less than the header size when it shrank). */
  read: number;
}

/**
 * Stream `size` bytes of an open file into a new tar entry, respecting backpressure (memory stays
 * flat: at most a few 1 MiB chunks in flight). The header size is fixed before the body, so a file
 * that shrinks while read is padded with zeros (the caller reports it) and one that grows is cut.
 */
export async function streamFileEntry(
  pack: Pack,
  header: Headers & { size: number },
  fh: FileHandle,
  signal: AbortSignal,
  onBytes: (n: number) => void,
): Promise<StreamResult> {
  let done!: Promise<void>;
  const entry = await new Promise<NodeJS.WritableStream & { destroy(e?: Error): void }>((resolve) => {
    done = new Promise<void>((res, rej) => {
      const e = pack.entry(header, (err) => (err ? rej(err) : res()));
      resolve(e as unknown as NodeJS.WritableStream & { destroy(e?: Error): void });
    });
  });
  done.catch(() => {});
  let pos = 0;
  let read = 0;
  while (pos < header.size) {
    if (signal.aborted) throw signal.reason;
    const want = Math.min(CHUNK, header.size - pos);
    const buf = Buffer.allocUnsafe(want);
    let got = 0;
    if (read === pos) {
      const r = await fh.read(buf, 0, want, pos);
      got = r.bytesRead;
      read += got;
    }
    if (got < want) buf.fill(0, got);
    pos += want;
    onBytes(want);
    if (!entry.write(buf)) await once(entry as unknown as NodeJS.EventEmitter, "drain", { signal });
  }
  entry.end();
  await done;
  return { read };
}
