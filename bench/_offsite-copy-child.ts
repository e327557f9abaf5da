/**
 * One copy, timed, in its own process (bundled by bench/offsite-copy.ts): argv[2] is JSON
 * { kind, settings, file, key, age? }. Streams the file into the backend's put (through age to
 * the recipient when `age` is given), hashed on the way as a copy is (copy-artifact.ts: the
 * plaintext's sha256, and the stored bytes' when encrypted), and prints { seconds, size,
 * maxRssKb } as one JSON line.
 */
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { ageEncrypt } from "../lib/engine/storage/encryption/age-stream";
import { storageKind } from "../lib/engine/storage/registry";
import { HashStream } from "../lib/engine/copies/hash-stream";

const job = JSON.parse(process.argv[2]) as { kind: string; settings: Record<string, unknown>; file: string; key: string; age?: string };
const kind = storageKind(job.kind);
const backend = kind.create(kind.settings.parse(job.settings));
const size = fs.statSync(job.file).size;
const t0 = performance.now();
const source = fs.createReadStream(job.file, { highWaterMark: 1 << 20 });
let stored: { size: number };
const plain = new HashStream({ what: job.file });
if (job.age) {
  const age = ageEncrypt([job.age]);
  const sent = new HashStream({ what: `${job.file} encrypted` });
  const feed = pipeline(source, plain, age.input);
  [stored] = await Promise.all([backend.put(job.key, age.output.pipe(sent)), feed, age.done]);
} else {
  [stored] = await Promise.all([backend.put(job.key, plain, { size }), pipeline(source, plain)]);
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, size: stored.size, maxRssKb: process.resourceUsage().maxRSS })}\n`);
process.exit(0);
