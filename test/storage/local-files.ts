import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { StorageBackend } from "@/lib/engine/storage/backend";

/** A file of `bytes` random bytes in `dir` (every 4 MiB block differs), with its sha256. */
export function makeFile(dir: string, name: string, bytes: number): { file: string; sha256: string } {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, "w");
  const hash = crypto.createHash("sha256");
  for (let left = bytes; left > 0; ) {
    const b = crypto.randomBytes(Math.min(left, 4 << 20));
    hash.update(b);
    fs.writeSync(fd, b);
    left -= b.length;
  }
  fs.closeSync(fd);
  return { file, sha256: hash.digest("hex") };
}

/** putFile of a path, the file opened and closed around it as copy-artifact's putLocalFile does. */
export async function putPath(b: StorageBackend, key: string, file: string, opts: { sha256?: string; signal?: AbortSignal } = {}) {
  const fd = fs.openSync(file, "r");
  try {
    return await b.putFile!(key, { fd, size: fs.fstatSync(fd).size }, { ...opts, what: `the artifact ${path.basename(file)}` });
  } finally {
    fs.closeSync(fd);
  }
}

/** The sha256 of an object, read back through the backend. */
export async function objectSha(b: StorageBackend, key: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  for await (const c of await b.open(key)) hash.update(c as Buffer);
  return hash.digest("hex");
}
