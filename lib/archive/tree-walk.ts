import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";

export type TreeKind = "file" | "dir" | "symlink" | "other";

export interface TreeEntry {
  /** Path relative to the root, with "/" separators. */
  rel: string;
  abs: string;
  kind: TreeKind;
  stat: fs.Stats;
}

/**
 * Exclude globs: a pattern without "/" matches a name at any depth ("*.tmp", "node_modules");
 * one with "/" matches the path from the root ("cache/**"). An excluded folder is skipped whole.
 */
export function excludeMatcher(patterns: string[] | undefined): (rel: string) => boolean {
  if (!patterns?.length) return () => false;
  const byName = picomatch(patterns.filter((p) => !p.includes("/")), { dot: true });
  const byPath = picomatch(patterns.filter((p) => p.includes("/")).map((p) => p.replace(/^\/+/, "")), { dot: true });
  return (rel) => byName(path.posix.basename(rel)) || byPath(rel) || byPath(rel + "/");
}

/**
 * Walk a folder depth-first in name order, never following symlinks. Read errors (a folder that
 * vanished or cannot be read) go to onWarning and the walk goes on.
 */
export async function* walkTree(
  root: string,
  excluded: (rel: string) => boolean,
  onWarning: (msg: string) => void,
): AsyncGenerator<TreeEntry> {
  async function* walkDir(absDir: string, relDir: string): AsyncGenerator<TreeEntry> {
    let names: string[];
    try {
      names = (await fsp.readdir(absDir)).sort();
    } catch (e) {
      onWarning(`${relDir || "."}: could not list the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return;
    }
    for (const name of names) {
      const rel = relDir ? `${relDir}/${name}` : name;
      if (excluded(rel)) continue;
      const abs = path.join(absDir, name);
      let stat: fs.Stats;
      try {
        stat = await fsp.lstat(abs);
      } catch (e) {
        onWarning(`${rel}: vanished before it could be read (${(e as NodeJS.ErrnoException).code})`);
        continue;
      }
      const kind: TreeKind = stat.isFile() ? "file" : stat.isDirectory() ? "dir" : stat.isSymbolicLink() ? "symlink" : "other";
      yield { rel, abs, kind, stat };
      if (kind === "dir") yield* walkDir(abs, rel);
    }
  }
  yield* walkDir(root, "");
}

/** Pre-scan: how many files and bytes (the progress total and the manifest's counts). */
export async function scanTree(root: string, excluded: (rel: string) => boolean): Promise<{ fileCount: number; bytes: number }> {
  let fileCount = 0;
  let bytes = 0;
  for await (const e of walkTree(root, excluded, () => {})) {
    if (e.kind === "file") {
      fileCount++;
      bytes += e.stat.size;
    } else if (e.kind === "symlink") fileCount++;
  }
  return { fileCount, bytes };
}
