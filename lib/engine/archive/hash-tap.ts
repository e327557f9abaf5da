import crypto from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/** Passes bytes through while hashing (sha256) and counting them: the artifact's checksum is computed on the way to disk. */
export class HashTap extends Transform {
  private readonly hash = crypto.createHash("sha256");
  bytes = 0;

  _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    cb(null, chunk);
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}
