import { Worker } from "node:worker_threads";

/**
 * sha256 of a file while another process is still appending to it (zstd writing the artifact),
 * on a worker thread: the bytes never pass through the event loop, and hashing overlaps with
 * compression instead of costing a second pass at the end. The worker reads what is already in
 * the file (the page cache: a copy, no disk I/O) and sleeps briefly when it has caught up.
 * `finish()` is called once the writer has exited: the worker reads to the end and answers.
 *
 * The worker is given as source (eval) so no bundler has to know about a second entry file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const crypto = require("node:crypto");
const { path, fd: givenFd, flag } = workerData;
const done = new Int32Array(flag);
const hash = crypto.createHash("sha256");
const buf = Buffer.allocUnsafe(4 << 20);
let fd;
try {
  fd = givenFd ?? fs.openSync(path, "r");
  let pos = 0;
  for (;;) {
    // Read the flag BEFORE reading: a short read after "writer finished" really is the end.
    const finished = Atomics.load(done, 0) === 1;
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n > 0) {
      hash.update(buf.subarray(0, n));
      pos += n;
      continue;
    }
    if (finished) break;
    Atomics.wait(done, 0, 0, 20);
  }
  parentPort.postMessage({ sha256: hash.digest("hex"), bytes: pos });
} catch (e) {
  parentPort.postMessage({ error: String(e && e.message || e) });
} finally {
  if (fd !== undefined && givenFd == null) fs.closeSync(fd);
}
`;

export interface HashFollower {
  /** The writer has exited: hash to the end of the file. */
  finish(): Promise<{ sha256: string; bytes: number }>;
  /** Stop without a result (failure, cancel). */
  stop(): void;
}

/**
 * `path`: a file another process is appending to. `{ fd }`: an open file of this process, read
 * with positional reads (the descriptor's offset is left alone, so a child given the same
 * descriptor as its stdin reads it undisturbed) and not closed here.
 */
export function followHash(path: string | { fd: number }): HashFollower {
  const flag = new SharedArrayBuffer(4);
  const done = new Int32Array(flag);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: typeof path === "string" ? { path, flag } : { fd: path.fd, flag } });
  const result = new Promise<{ sha256: string; bytes: number }>((resolve, reject) => {
    worker.once("message", (m: { sha256?: string; bytes?: number; error?: string }) =>
      m.error ? reject(new Error(`hashing the artifact failed: ${m.error}`)) : resolve({ sha256: m.sha256!, bytes: m.bytes! }),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the hashing thread exited (${code})`)));
  });
  result.catch(() => {});
  return {
    finish() {
      Atomics.store(done, 0, 1);
      Atomics.notify(done, 0);
      return result;
    },
    stop() {
      void worker.terminate();
    },
  };
}
