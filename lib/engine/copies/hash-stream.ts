import crypto from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/**
 * Counts and hashes the bytes going through. With `expect`, a different sha256 fails the stream
 * before its end reaches the consumer, so a put of wrong bytes is never completed. `beforeEnd`
 * holds the end back until other parts of the pipeline are known good (age exited cleanly, the
 * plaintext's hash matched): a stage that died early must not look like a short, complete file.
 */
export class HashStream extends Transform {
  bytes = 0;
  sha256: string | null = null;
  private hash = crypto.createHash("sha256");

  constructor(private readonly o: { expect?: string | null; what: string; beforeEnd?: () => Promise<void> } = { what: "stream" }) {
    super({ highWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.sha256 = this.hash.digest("hex");
    if (this.o.expect && this.o.expect.toLowerCase() !== this.sha256) {
      cb(new Error(`${this.o.what}: sha256 ${this.sha256} where ${this.o.expect} was expected (the artifact changed or was damaged)`));
      return;
    }
    if (!this.o.beforeEnd) return cb();
    this.o.beforeEnd().then(
      () => cb(),
      (e: Error) => cb(e),
    );
  }
}
