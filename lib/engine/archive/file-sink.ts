import { Writable } from "node:stream";
import type { FileHandle } from "node:fs/promises";

/** Positional writes allowed in flight at once: disk latency overlaps with compression. */
const IN_FLIGHT = 3;

/**
 * The last pipeline stage: writes to an open file (positional writes, a few in flight) and fsyncs
 * it before reporting "finished", so a completed pipeline means the bytes are on disk. The caller
 * closes the handle.
 */
export class FileSink extends Writable {
  private pos = 0;
  private pending: Promise<void>[] = [];
  private failed: Error | null = null;

  constructor(private readonly fh: FileHandle) {
    // zstd's pipe hands over 64 KiB at a time; a high mark lets _writev batch them into big writes.
    super({ highWaterMark: 4 << 20 });
  }

  _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.submit([chunk]).then(() => cb(), cb);
  }

  _writev(chunks: { chunk: Buffer }[], cb: (e?: Error | null) => void): void {
    this.submit(chunks.map((c) => c.chunk)).then(() => cb(), cb);
  }

  _final(cb: (e?: Error | null) => void): void {
    Promise.all(this.pending)
      .then(() => {
        if (this.failed) throw this.failed;
        return this.fh.sync();
      })
      .then(() => cb(), cb);
  }

  private async submit(bufs: Buffer[]): Promise<void> {
    if (this.failed) throw this.failed;
    let n = 0;
    for (const b of bufs) n += b.length;
    const at = this.pos;
    this.pos += n;
    const p = this.writeAt(bufs, at).catch((e: Error) => {
      this.failed ??= e;
    });
    this.pending.push(p);
    void p.then(() => {
      this.pending = this.pending.filter((x) => x !== p);
    });
    while (this.pending.length >= IN_FLIGHT) await Promise.race(this.pending);
    if (this.failed) throw this.failed;
  }

  private async writeAt(bufs: Buffer[], at: number): Promise<void> {
    let { bytesWritten } = await this.fh.writev(bufs, at);
    // Short write (rare): finish the rest piece by piece.
    for (const b of bufs) {
      if (bytesWritten >= b.length) {
        bytesWritten -= b.length;
        at += b.length;
        continue;
      }
      let off = bytesWritten;
      at += bytesWritten;
      bytesWritten = 0;
      while (off < b.length) {
        const w = (await this.fh.write(b, off, b.length - off, at)).bytesWritten;
        off += w;
        at += w;
      }
    }
  }
}
