import fs from "node:fs";
import path from "node:path";

/** true when `child` lies strictly below `root` (both already resolved). */
export function isBelow(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * The real path of an existing file under `root`, or null when there is none. A link planted in
 * the folder must not lead a read (download, restore) outside it, and only regular files count.
 */
export async function realFileUnder(root: string, file: string): Promise<{ real: string; stat: fs.Stats } | null> {
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([fs.promises.realpath(file), fs.promises.realpath(root)]);
  } catch (e) {
    if (isGone(e)) return null;
    throw e;
  }
  if (!isBelow(realRoot, real)) throw new Error(`${file} leads outside its storage folder ${root}`);
  const stat = await fs.promises.stat(real);
  return stat.isFile() ? { real, stat } : null;
}

/** Create `dir` (inside `root`) and check that no link took it outside the folder. */
export function makeDirUnder(root: string, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const realRoot = fs.realpathSync(root);
  const real = fs.realpathSync(dir);
  if (real !== realRoot && !isBelow(realRoot, real)) throw new Error(`${dir} leads outside its storage folder ${root}`);
}

export function isGone(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
