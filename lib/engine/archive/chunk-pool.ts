import { Writable } from "node:stream";

/**
 * Reusable 1 MiB read buffers for big files. Allocating a fresh 1 MiB buffer per chunk made V8
 * run a full mark-compact every few dozen MiB (external memory pressure): ~0.7 s per GB on the
 * event loop. A buffer comes back only from ReleasingSink, once the compressor's pipe has taken
 * its bytes; buffers that never come back (joined into a bigger write, or another codec) are just
 * garbage-collected, so the pool can never hand out a buffer still in use.
 */
export class ChunkPool {
  private free: Buffer[] = [];
  private readonly ours = new WeakSet<Buffer>();

  constructor(
    readonly size: number,
    private readonly keep = 16,
  ) {}

  take(): Buffer {
    const b = this.free.pop();
    if (b) return b;
    const fresh = Buffer.allocUnsafeSlow(this.size);
    this.ours.add(fresh);
    return fresh;
  }

  give(b: Buffer): void {
    if (this.ours.has(b) && this.free.length < this.keep && !this.free.includes(b)) this.free.push(b);
  }
}

export const CHUNK = 1 << 20;
export const chunkPool = new ChunkPool(CHUNK);

/**
 * The last stage in front of a pipe (zstd's stdin): forwards every chunk and hands pool buffers
 * back once the pipe's write callback says the kernel has the bytes.
 */
export class ReleasingSink extends Writable {
  constructor(
    private readonly dest: Writable,
    private readonly pool: ChunkPool = chunkPool,
  ) {
    super({ highWaterMark: 4 << 20 });
    dest.on("error", (e) => this.destroy(e));
  }

  _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.dest.write(chunk, (err) => {
      if (!err) this.pool.give(chunk);
      cb(err);
    });
  }

  _writev(chunks: { chunk: Buffer }[], cb: (e?: Error | null) => void): void {
    // Writes complete in order: the last one's callback means all of them are in the kernel.
    chunks.forEach(({ chunk }, i) => {
      if (i < chunks.length - 1) this.dest.write(chunk);
      else
        this.dest.write(chunk, (err) => {
          if (!err) for (const c of chunks) this.pool.give(c.chunk);
          cb(err);
        });
    });
  }

  _final(cb: (e?: Error | null) => void): void {
    this.dest.end(() => cb());
  }

  _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (err) this.dest.destroy(err);
    cb(err);
  }
}
