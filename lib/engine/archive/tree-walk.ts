import fsSync from "node:fs";
import type fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";

export type TreeKind = "file" | "dir" | "symlink" | "other";

export interface TreeEntry {
  /** Path relative to the root, with "/" separators. */
  rel: string;
  abs: string;
  kind: TreeKind;
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

function kindOf(d: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): TreeKind | null {
  if (d.isFile()) return "file";
  if (d.isDirectory()) return "dir";
  if (d.isSymbolicLink()) return "symlink";
  return null;
}

/**
 * Walk a folder depth-first in name order, never following symlinks. The entry kind comes from
 * readdir (no stat per entry: the caller stats what it opens). Read errors (a folder that vanished
 * or cannot be read) go to onWarning and the walk goes on.
 */
export async function* walkTree(
  root: string,
  excluded: (rel: string) => boolean,
  onWarning: (msg: string) => void,
): AsyncGenerator<TreeEntry> {
  async function* walkDir(absDir: string, relDir: string): AsyncGenerator<TreeEntry> {
    let dirents: fs.Dirent[];
    try {
      dirents = await fsp.readdir(absDir, { withFileTypes: true });
    } catch (e) {
      onWarning(`${relDir || "."}: could not list the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const rel = relDir ? `${relDir}/${d.name}` : d.name;
      if (excluded(rel)) continue;
      const abs = path.join(absDir, d.name);
      let kind = kindOf(d);
      if (kind === null) {
        // Sockets, fifos, devices — or a filesystem that does not report types (then lstat tells).
        try {
          kind = kindOf(await fsp.lstat(abs)) ?? "other";
        } catch {
          continue;
        }
      }
      yield { rel, abs, kind };
      if (kind === "dir") yield* walkDir(abs, rel);
    }
  }
  yield* walkDir(root, "");
}

/**
 * The same walk, synchronous: for the archiver's pre-scan and packing, which yield to the event
 * loop every ~10 ms themselves. An async generator per folder level costs a promise hop per entry
 * and level (~40 ms per 20k files on the bench, paid twice per backup).
 */
export function* walkTreeSync(root: string, excluded: (rel: string) => boolean, onWarning: (msg: string) => void): Generator<TreeEntry> {
  function* walkDir(absDir: string, relDir: string): Generator<TreeEntry> {
    let dirents: fs.Dirent[];
    try {
      dirents = fsSync.readdirSync(absDir, { withFileTypes: true });
    } catch (e) {
      onWarning(`${relDir || "."}: could not list the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      const rel = relDir ? `${relDir}/${d.name}` : d.name;
      if (excluded(rel)) continue;
      const abs = path.join(absDir, d.name);
      let kind = kindOf(d);
      if (kind === null) {
        try {
          kind = kindOf(fsSync.lstatSync(abs)) ?? "other";
        } catch {
          continue;
        }
      }
      yield { rel, abs, kind };
      if (kind === "dir") yield* walkDir(abs, rel);
    }
  }
  yield* walkDir(root, "");
}

/** The pre-scan keeps its walk for packing up to this many entries (~100 bytes each). */
export const KEEP_ENTRIES = 50_000;

/**
 * A walk kept compact: the relative paths and kinds only. Keeping TreeEntry objects cost ~1.5 KB
 * per entry (path.join builds its result from many string pieces; +30 MB peak RSS on the bench's
 * 20k files); the absolute path is joined again, briefly, when packing.
 */
export interface KeptWalk {
  rels: string[];
  kinds: TreeKind[];
  warnings: string[];
}

export interface TreeScan {
  fileCount: number;
  bytes: number;
  /**
   * The walk, in order, for the pack step to reuse instead of walking again (a readdir of every
   * folder while the compressor and the hash compete for the CPU); null for bigger trees (memory
   * stays flat), which are walked again.
   */
  walked: KeptWalk | null;
}

/** Replay a kept walk as entries. */
export function* replayWalk(root: string, w: KeptWalk): Generator<TreeEntry> {
  for (let i = 0; i < w.rels.length; i++) yield { rel: w.rels[i], abs: path.join(root, w.rels[i]), kind: w.kinds[i] };
}

/** Pre-scan: how many files and bytes (the progress total and the manifest's counts). Sync lstat: see pack-tree.ts. */
export async function scanTree(root: string, excluded: (rel: string) => boolean, keep = KEEP_ENTRIES): Promise<TreeScan> {
  let fileCount = 0;
  let bytes = 0;
  let sliceStart = performance.now();
  let kept: KeptWalk | null = { rels: [], kinds: [], warnings: [] };
  const warnings = kept.warnings;
  for (const e of walkTreeSync(root, excluded, (w) => warnings.push(w))) {
    if (kept) {
      if (kept.rels.length < keep) {
        kept.rels.push(e.rel);
        kept.kinds.push(e.kind);
      } else kept = null;
    }
    if (e.kind === "symlink") fileCount++;
    if (e.kind !== "file") continue;
    fileCount++;
    try {
      bytes += fsSync.lstatSync(e.abs).size;
    } catch {
      /* vanished: the pack step reports it */
    }
    if (performance.now() - sliceStart > 10) {
      await new Promise((r) => setImmediate(r));
      sliceStart = performance.now();
    }
  }
  return { fileCount, bytes, walked: kept };
}
