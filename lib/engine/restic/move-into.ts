import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { RestoreError } from "../restore/context";

/**
 * Move what restic restored into a scratch folder over to the destination with the folder
 * restore's rules (lib/engine/types/filesystem/folder-restore.ts): never write through a symlink that is in the
 * destination, a folder in the way of a file (or a file in the way of a folder) is an error, a
 * symlink or file at a file's place is replaced, device files and FIFOs are never created.
 * rename() keeps hard links between moved files and does not follow a symlink it moves.
 */
export async function moveInto(scratch: string, dest: string, skip: ReadonlySet<string> = new Set()): Promise<{ files: number; bytes: number }> {
  const root = await fsp.realpath(dest);
  const out = { files: 0, bytes: 0 };
  const dirTimes: [string, fs.Stats][] = [];

  const walk = async (rel: string) => {
    const from = path.join(scratch, rel);
    for (const name of await fsp.readdir(from)) {
      const r = rel ? path.join(rel, name) : name;
      if (!rel && skip.has(name)) continue;
      const src = path.join(scratch, r);
      const dst = path.join(root, r);
      const st = await fsp.lstat(src);
      const there = await fsp.lstat(dst).catch(() => null);
      if (st.isDirectory()) {
        if (there?.isSymbolicLink()) throw new RestoreError(`Refusing to write through the symlink ${r} in the destination`);
        if (there && !there.isDirectory()) throw new RestoreError(`${r} exists in the destination and is not a folder; the backup has a folder there`);
        if (!there) await fsp.mkdir(dst, { mode: st.mode & 0o777 });
        await walk(r);
        dirTimes.push([dst, st]);
      } else if (st.isFile() || st.isSymbolicLink()) {
        if (there?.isDirectory()) throw new RestoreError(`${r} is a folder in the destination; the backup has a file there`);
        // rename replaces a file or symlink at dst atomically and never writes through it.
        await fsp.rename(src, dst);
        out.files++;
        if (st.isFile()) out.bytes += st.size;
      }
      // Sockets, devices, FIFOs: not restored (restic may create them as root).
    }
  };
  await walk("");
  for (const [abs, st] of dirTimes) await fsp.utimes(abs, st.atime, st.mtime).catch(() => {});
  return out;
}
