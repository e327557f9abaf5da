/**
 * One copy, timed, in its own process (bundled by bench/offsite-copy.ts): argv[2] is JSON
 * { kind, settings, file, key, age? }. Streams the file into the backend's put (through age to
 * the recipient when `age` is given: copy-artifact's encryptLocalFile, as a copy of a large local
 * artifact does; by putLocalFile into a backend that takes files, S3), hashed on the way as a copy is (the plaintext's sha256, and the stored bytes'
 * when encrypted), and prints { seconds, size, maxRssKb } as one JSON line.
 */
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import { encryptLocalFile, putLocalFile } from "../lib/engine/copies/copy-artifact";
import { LocalBackend } from "../lib/engine/storage/local/backend";
import { storageKind } from "../lib/engine/storage/registry";
import { HashStream } from "../lib/engine/copies/hash-stream";

const job = JSON.parse(process.argv[2]) as { kind: string; settings: Record<string, unknown>; file: string; key: string; age?: string };
const kind = storageKind(job.kind);
const backend = kind.create(kind.settings.parse(job.settings));
const size = fs.statSync(job.file).size;
const t0 = performance.now();
let stored: { size: number };
if (job.age) {
  // As a copy of a large local artifact into an encrypting location (copy-artifact.ts): age reads
  // the file, a worker thread checks the plaintext's sha256, the ciphertext is hashed and put.
  stored = await encryptLocalFile({ from: new LocalBackend(path.dirname(job.file)), key: path.basename(job.file), sha256: null }, [job.age], backend, job.key, new AbortController().signal);
} else if (backend.putFile) {
  // As a plain copy of a large local artifact into S3 (copy-artifact.ts): multipart from positional reads, hashed in order.
  stored = await putLocalFile({ from: new LocalBackend(path.dirname(job.file)), key: path.basename(job.file), sha256: null }, backend, job.key, new AbortController().signal);
} else {
  const source = fs.createReadStream(job.file, { highWaterMark: 1 << 20 });
  const plain = new HashStream({ what: job.file });
  [stored] = await Promise.all([backend.put(job.key, plain, { size }), pipeline(source, plain)]);
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, size: stored.size, maxRssKb: process.resourceUsage().maxRSS })}\n`);
process.exit(0);
