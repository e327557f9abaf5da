import { Transform, type TransformCallback } from "node:stream";
import { CHUNK, chunkPool } from "./chunk-pool";

const TARGET = CHUNK;
/** A part-filled buffer smaller than this is copied out so its pooled 1 MiB buffer stays in use. */
const SMALL_FLUSH = 64 * 1024;

/**
 * Joins the tar stream's many small pieces (512-byte headers, small files, padding) into 1 MiB
 * chunks before the compressor: one pipe write per MiB instead of three per file. The pieces are
 * copied into pooled buffers (handed back once the compressor's pipe has them, see chunk-pool.ts),
 * so a folder of small files does not allocate a fresh MiB per MiB. Big chunks pass straight
 * through (no copy).
 */
export class Coalesce extends Transform {
  private buf: Buffer | null = null;
  private used = 0;

  constructor() {
    super({ highWaterMark: 4 << 20 });
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (chunk.length >= TARGET) {
      this.flushPartial();
      this.push(chunk);
      return cb();
    }
    let off = 0;
    while (off < chunk.length) {
      this.buf ??= chunkPool.take();
      const n = chunk.copy(this.buf, this.used, off);
      this.used += n;
      off += n;
      if (this.used === this.buf.length) {
        this.push(this.buf);
        this.buf = null;
        this.used = 0;
      }
    }
    cb();
  }

  _flush(cb: TransformCallback): void {
    this.flushPartial();
    cb();
  }

  private flushPartial(): void {
    if (!this.buf || this.used === 0) return;
    if (this.used < SMALL_FLUSH) {
      // Copy the few bytes out and keep filling the same pooled buffer next time.
      this.push(Buffer.from(this.buf.subarray(0, this.used)));
    } else {
      // The pushed view keeps the buffer alive until written; it is not returned to the pool.
      this.push(this.buf.subarray(0, this.used));
      this.buf = null;
    }
    this.used = 0;
  }
}
