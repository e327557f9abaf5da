import { Transform, type TransformCallback } from "node:stream";

const TARGET = 1 << 20;

/**
 * Joins the tar stream's many small pieces (512-byte headers, small files, padding) into ~1 MiB
 * chunks before the compressor: one pipe write per MiB instead of three per file. Big chunks
 * pass straight through (no copy).
 */
export class Coalesce extends Transform {
  private parts: Buffer[] = [];
  private size = 0;

  constructor() {
    super({ highWaterMark: 4 << 20 });
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (chunk.length >= TARGET) {
      this.flushParts();
      this.push(chunk);
    } else {
      this.parts.push(chunk);
      this.size += chunk.length;
      if (this.size >= TARGET) this.flushParts();
    }
    cb();
  }

  _flush(cb: TransformCallback): void {
    this.flushParts();
    cb();
  }

  private flushParts(): void {
    if (this.size === 0) return;
    this.push(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size));
    this.parts = [];
    this.size = 0;
  }
}
