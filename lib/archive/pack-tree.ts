import fs from "node:fs";
import fsp from "node:fs/promises";
import type { Pack } from "tar-stream";
import { addEntry, streamFileEntry } from "./pack-entry";
import { walkTree } from "./tree-walk";

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
}

const owner = (s: fs.Stats) => ({ uid: s.uid, gid: s.gid, mtime: s.mtime, mode: s.mode & 0o7777 });

/**
 * Stream a folder into the tar as `<prefix><relative path>`: folders (empty ones too), regular
 * files, symlinks stored as symlinks (never followed). A file that vanishes, shrinks, grows or is
 * modified while read is reported as a warning.
 */
export async function packTree(pack: Pack, o: TreeOptions): Promise<{ fileCount: number; bytes: number }> {
  let fileCount = 0;
  let bytes = 0;
  await addEntry(pack, { name: o.prefix, type: "directory", mode: 0o755, mtime: (await fsp.stat(o.root)).mtime });
  for await (const e of walkTree(o.root, o.excluded, o.onWarning)) {
    if (o.signal.aborted) throw o.signal.reason;
    const name = o.prefix + e.rel;
    if (e.kind === "dir") {
      await addEntry(pack, { name: name + "/", type: "directory", ...owner(e.stat) });
    } else if (e.kind === "symlink") {
      let linkname: string;
      try {
        linkname = await fsp.readlink(e.abs);
      } catch (err) {
        o.onWarning(`${e.rel}: vanished before it could be read (${(err as NodeJS.ErrnoException).code})`);
        continue;
      }
      await addEntry(pack, { name, type: "symlink", linkname, ...owner(e.stat) });
      fileCount++;
    } else if (e.kind === "file") {
      const written = await packOneFile(pack, name, e.rel, e.abs, o);
      if (written != null) {
        fileCount++;
        bytes += written;
      }
    } else {
      o.onNotice(`${e.rel}: skipped (not a regular file, folder or symlink)`);
    }
  }
  return { fileCount, bytes };
}

async function packOneFile(pack: Pack, name: string, rel: string, abs: string, o: TreeOptions): Promise<number | null> {
  let fh: fsp.FileHandle;
  try {
    // O_NOFOLLOW: if the file was swapped for a symlink since the walk, do not follow it.
    fh = await fsp.open(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    o.onWarning(code === "ENOENT" ? `${rel}: vanished before it could be read` : `${rel}: could not be read (${code})`);
    return null;
  }
  try {
    const before = await fh.stat();
    if (!before.isFile()) {
      o.onWarning(`${rel}: changed type while being read; skipped`);
      return null;
    }
    const { read } = await streamFileEntry(pack, { name, type: "file", size: before.size, ...owner(before) }, fh, o.signal, o.onBytes);
    const after = await fh.stat();
    if (read < before.size) o.onWarning(`${rel}: shrank while being read (${before.size} → ${read} bytes; padded with zeros)`);
    else if (after.size !== before.size || after.mtimeMs !== before.mtimeMs)
      o.onWarning(`${rel}: changed while being read (the copy may be inconsistent)`);
    return before.size;
  } finally {
    await fh.close();
  }
}
