import fs from "node:fs";
import fsp from "node:fs/promises";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Pack } from "tar-stream";
import { addEntry, streamFileEntry } from "./pack-entry";
import { replayWalk, walkTreeSync, type KeptWalk, type TreeEntry } from "./tree-walk";

export interface TreeOptions {
  root: string;
  /** Entry name prefix, e.g. "files/". */
  prefix: string;
  excluded: (rel: string) => boolean;
  signal: AbortSignal;
  onBytes: (n: number) => void;
  /** Something was not backed up as it was: the run ends `partial`. */
  onWarning: (msg: string) => void;
  /** Worth a log line, not a partial run (sockets, fifos). */
  onNotice: (msg: string) => void;
  /** The pre-scan's walk (scanTree), reused instead of walking the folder again. */
  walked?: KeptWalk | null;
}

/** Files up to this size are read whole in one go; bigger ones are streamed in 1 MiB chunks. */
const SMALL = 256 * 1024;
/** Longest stretch of synchronous small-file reading before yielding to the event loop (the console shares the process). */
const SLICE_MS = 10;

const owner = (s: fs.Stats) => ({ uid: s.uid, gid: s.gid, mtime: s.mtime, mode: s.mode & 0o7777 });
const why = (rel: string, err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? `${rel}: vanished before it could be read` : `${rel}: could not be read (${code})`;
};

type Opened =
  | { t: "small"; stat: fs.Stats; body: Buffer; changed: boolean }
  | { t: "big"; stat: fs.Stats; fd: number }
  | { t: "skip"; warning: string };

/**
 * Open a file without following symlinks and, when small, read it whole. Synchronous on purpose:
 * for thousands of small files the async fs round trips cost more than the reads (the bench
 * measures it); the caller yields to the event loop every few milliseconds.
 */
function openFile(e: TreeEntry): Opened {
  let fd: number;
  try {
    fd = fs.openSync(e.abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (err) {
    return { t: "skip", warning: why(e.rel, err) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      fs.closeSync(fd);
      return { t: "skip", warning: `${e.rel}: changed type while being read; skipped` };
    }
    if (stat.size > SMALL) return { t: "big", stat, fd };
    const body = Buffer.allocUnsafe(stat.size);
    let got = 0;
    while (got < stat.size) {
      const n = fs.readSync(fd, body, got, stat.size - got, got);
      if (n === 0) break;
      got += n;
    }
    const after = fs.fstatSync(fd);
    fs.closeSync(fd);
    if (got < stat.size) body.fill(0, got);
    return { t: "small", stat, body, changed: got < stat.size || after.size !== stat.size || after.mtimeMs !== stat.mtimeMs };
  } catch (err) {
    fs.closeSync(fd);
    return { t: "skip", warning: why(e.rel, err) };
  }
}

/**
 * Stream a folder into the tar as `<prefix><relative path>`: folders (empty ones too), regular
 * files, symlinks stored as symlinks (never followed). A file that vanishes, shrinks, grows or is
 * modified while read is reported as a warning.
 */
export async function packTree(pack: Pack, o: TreeOptions): Promise<{ fileCount: number; bytes: number }> {
  let fileCount = 0;
  let bytes = 0;
  let sliceStart = performance.now();
  await addEntry(pack, { name: o.prefix, type: "directory", mode: 0o755, mtime: (await fsp.stat(o.root)).mtime });
  let walk: Iterable<TreeEntry>;
  if (o.walked) {
    for (const w of o.walked.warnings) o.onWarning(w);
    walk = replayWalk(o.root, o.walked);
  } else walk = walkTreeSync(o.root, o.excluded, o.onWarning);
  for (const e of walk) {
    if (o.signal.aborted) throw o.signal.reason;
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
    const name = o.prefix + e.rel;
    if (e.kind === "other") {
      o.onNotice(`${e.rel}: skipped (not a regular file, folder or symlink)`);
      continue;
    }
    if (e.kind === "dir" || e.kind === "symlink") {
      let stat: fs.Stats;
      let linkname: string | undefined;
      try {
        stat = fs.lstatSync(e.abs);
        if (e.kind === "symlink") linkname = fs.readlinkSync(e.abs);
      } catch (err) {
        o.onWarning(why(e.rel, err));
        continue;
      }
      if (e.kind === "dir") await addEntry(pack, { name: name + "/", type: "directory", ...owner(stat) });
      else {
        await addEntry(pack, { name, type: "symlink", linkname, ...owner(stat) });
        fileCount++;
      }
      continue;
    }
    const f = openFile(e);
    if (f.t === "skip") {
      o.onWarning(f.warning);
      continue;
    }
    if (f.t === "small") {
      await addEntry(pack, { name, type: "file", size: f.body.length, ...owner(f.stat) }, f.body);
      o.onBytes(f.body.length);
      if (f.changed) o.onWarning(`${e.rel}: changed while being read (the copy may be inconsistent)`);
    } else {
      const reader = (buf: Buffer, len: number, pos: number) =>
        new Promise<number>((res, rej) => fs.read(f.fd, buf, 0, len, pos, (err, n) => (err ? rej(err) : res(n))));
      try {
        const { read } = await streamFileEntry(pack, { name, type: "file", size: f.stat.size, ...owner(f.stat) }, reader, o.signal, o.onBytes);
        const after = fs.fstatSync(f.fd);
        if (read < f.stat.size) o.onWarning(`${e.rel}: shrank while being read (${f.stat.size} → ${read} bytes; padded with zeros)`);
        else if (after.size !== f.stat.size || after.mtimeMs !== f.stat.mtimeMs)
          o.onWarning(`${e.rel}: changed while being read (the copy may be inconsistent)`);
      } finally {
        fs.closeSync(f.fd);
      }
      sliceStart = performance.now();
    }
    fileCount++;
    bytes += f.stat.size;
  }
  return { fileCount, bytes };
}
