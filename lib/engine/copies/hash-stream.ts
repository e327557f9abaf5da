import crypto from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { checkSha256 } from "../storage/local-file";

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
    try {
      checkSha256(this.o.what, this.sha256, this.o.expect);
    } catch (e) {
      cb(e as Error);
      return;
    }
    if (!this.o.beforeEnd) return cb();
    this.o.beforeEnd().then(
      () => cb(),
      (e: Error) => cb(e),
    );
  }
}
