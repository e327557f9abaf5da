import fs from "node:fs";
import { PassThrough, Writable, type Readable } from "node:stream";
import { trackedExeca } from "../process/process-registry";
import { StepError } from "../process/step";

/**
 * Local GNU tar on either end of a remote stream. Extraction goes into a fresh scratch folder
 * only: GNU tar refuses `..` members and strips leading `/`, and the archive writer reads the
 * result without following links. Owners come back only when the console runs as root.
 */
export function localExtract(dir: string, signal: AbortSignal): { sink: Writable; done: Promise<void> } {
  fs.mkdirSync(dir, { recursive: true });
  const child = trackedExeca("tar", ["-x", "-f", "-", "-C", dir, "--numeric-owner", "--delay-directory-restore"], {
    reject: false,
    cancelSignal: signal,
    stdin: "pipe",
    stdout: "ignore",
    stderr: "pipe",
  });
  // GNU tar may exit at the end-of-archive marker before the stream's padding arrives: the rest
  // is dropped here, and tar's exit status decides (a write error would fail a good backup).
  const stdin = child.stdin!;
  let gone = false;
  stdin.on("error", () => (gone = true));
  stdin.on("close", () => (gone = true));
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (gone || stdin.write(chunk)) return cb();
      const go = () => {
        stdin.off("drain", go);
        stdin.off("close", go);
        cb();
      };
      stdin.on("drain", go);
      stdin.on("close", go);
    },
    final(cb) {
      if (!gone) stdin.end();
      cb();
    },
  });
  const done = child.then((r) => {
    if (r.failed && !signal.aborted) throw new StepError(`extracting the folder from the server failed: ${String(r.stderr || r.shortMessage).trim().split("\n").slice(-2).join(" | ")}`);
  });
  return { sink, done };
}

/** `dir` as a tar stream (its contents, as `./…`), for a remote `tar -x`. */
export function localPack(dir: string, signal: AbortSignal): { source: Readable; done: Promise<void> } {
  const child = trackedExeca("tar", ["-c", "-f", "-", "--numeric-owner", "-C", dir, "."], {
    reject: false,
    cancelSignal: signal,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    // The stream is read by the SSH channel, not collected (a second reader would take bytes from it).
    buffer: { stdout: false, stderr: true },
    encoding: "buffer",
  });
  const done = child.then((r) => {
    if (r.failed && !signal.aborted) throw new StepError(`packing the restored folder failed: ${Buffer.from(r.stderr ?? "").toString().trim() || r.shortMessage}`);
  });
  // Taken at once: execa lets an unbuffered stdout flow, and bytes read before the channel opens would be lost.
  const source = new PassThrough();
  child.stdout!.pipe(source);
  return { source, done };
}
