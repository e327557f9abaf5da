import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { StorageLocation } from "../../db/schema";
import type { RunCopy } from "../../db/schema-copies";
import { backendFor } from "../storage/locations";
import { ageDecrypt, locationIdentity } from "../storage/encryption";
import { HashStream } from "./hash-stream";

/**
 * The plaintext of a copy, streamed: the stored object, decrypted with the location's age
 * identity when it was encrypted, and checked against the artifact's sha256 on the way — a
 * damaged or swapped copy ends the stream with an error instead of its last bytes, so whoever
 * reads it (a download, a restore) never takes it for good.
 */
export async function openCopyPlain(copy: RunCopy, loc: StorageLocation, expectSha256: string, opts: { signal?: AbortSignal; scratchDir?: string } = {}): Promise<Readable> {
  const stored = await backendFor(loc).open(copy.key!);
  if (copy.encryption !== "age") {
    const check = new HashStream({ expect: expectSha256, what: `the copy in ${loc.name}` });
    stored.on("error", (e) => check.destroy(e));
    return stored.pipe(check);
  }
  const identity = locationIdentity(loc);
  if (!identity) throw new Error(`Storage location "${loc.name}" has no age identity to open its encrypted copies`);
  const age = ageDecrypt(identity, { signal: opts.signal, scratchDir: opts.scratchDir });
  const fed = pipeline(stored, age.input);
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  // The end waits for age's exit: a truncated or tampered ciphertext makes age fail at the end.
  const checked = new HashStream({ expect: expectSha256, what: `the copy in ${loc.name}`, beforeEnd: () => Promise.all([fed, age.done]).then(() => {}) });
  // Fail the stream the reader holds (an error on a stream nobody listens to would be an uncaught
  // exception: a damaged copy must fail the download or restore, not the console).
  fed.catch((e) => checked.destroy(e));
  age.done.catch((e) => checked.destroy(e));
  age.output.on("error", (e) => checked.destroy(e));
  age.output.pipe(checked);
  checked.on("error", (e) => out.destroy(e));
  return checked.pipe(out);
}
