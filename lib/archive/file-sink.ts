import { Writable } from "node:stream";
import type { FileHandle } from "node:fs/promises";

/**
 * The last pipeline stage: writes to an open file and fsyncs it before reporting "finished", so
 * a completed pipeline means the bytes are on disk. The caller closes the handle.
 */
export class FileSink extends Writable {
  constructor(private readonly fh: FileHandle) {
    // zstd's pipe hands over 64 KiB at a time; a high mark lets _writev batch them into big writes.
    super({ highWaterMark: 4 << 20 });
  }

  _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.writeAll(chunk).then(() => cb(), cb);
  }

  _writev(chunks: { chunk: Buffer }[], cb: (e?: Error | null) => void): void {
    this.fh.writev(chunks.map((c) => c.chunk)).then(() => cb(), cb);
  }

  _final(cb: (e?: Error | null) => void): void {
    this.fh.sync().then(() => cb(), cb);
  }

  private async writeAll(buf: Buffer): Promise<void> {
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, off, buf.length - off);
      off += bytesWritten;
    }
  }
}
