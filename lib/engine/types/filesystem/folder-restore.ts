import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { HashTap } from "../../archive/hash-tap";
import { entryName, walkArtifact, type EntryInfo } from "../../archive/read";
import { excludeMatcher, walkTree } from "../../archive/tree-walk";
import type { RestoreCtx } from "../../restore/context";
import { RestoreError } from "../../restore/context";
import { WrittenFiles } from "./folder-links";
import { writeFailure } from "../../restore/fs-errors";

const PREFIX = "files/";
const fchown = promisify(fs.fchown);
const fchmod = promisify(fs.fchmod);
const close = promisify(fs.close);
const fstat = (fd: number, o: { bigint: true }) => promisify(fs.fstat)(fd, o) as Promise<fs.BigIntStats>;
const openNoFollow = (abs: string) =>
  promisify(fs.open)(abs, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);

/** "files/a/b.txt" → "a/b.txt"; refuses absolute paths, "..", "." and empty segments. */
export function safeRelative(name: string): string | null {
  const n = entryName(name);
  if (!n.startsWith(PREFIX)) return null;
  const rel = n.slice(PREFIX.length).replace(/\/+$/, "");
  if (rel === "") return "";
  if (rel.startsWith("/") || rel.includes("\0")) throw new RestoreError(`Refusing entry "${name}": absolute path`);
  for (const seg of rel.split("/")) {
    if (seg === ".." || seg === "." || seg === "") throw new RestoreError(`Refusing entry "${name}": it would leave the destination folder`);
  }
  return rel;
}

/**
 * Where folderRestore reads its entries: the artifact's files/ (default), or a folder inside a
 * payload such as a Docker volume's volume.tar. `relative` maps an entry name (and a hard link's
 * target) to a path below the destination with safeRelative's checks: null skips the entry.
 */
export interface EntrySource {
  walk(visit: (entry: EntryInfo, body: Readable) => Promise<void>): Promise<void>;
  relative(name: string): string | null;
  /** Read a top-level summary.json (the artifact's own walk only). */
  summary?: boolean;
}

export interface FolderResult {
  files: number;
  bytes: number;
  removed: number;
  /** Files whose content hash was recorded while extracting and re-read from disk after. */
  sampled: { rel: string; sha256: string }[];
  /** The artifact's trailing summary.json (what the backup really wrote), when present. */
  summary: { fileCount?: number; bytes?: number } | null;
  /** Every path of the backup (relative), skipped device files included: what delete-extra keeps. */
  seen: Set<string>;
}


/**
 * What an entry's metadata may bring back. Setuid/setgid/sticky bits and owners only return when
 * the restore runs as root and the artifact is a backup this console made: an uploaded artifact is
 * untrusted, and a root-owned 6755 file from it would be a way to root.
 */
export function metadataPolicy(trusted: boolean): { modeMask: number; chown: boolean } {
  const keep = trusted && process.getuid?.() === 0;
  return { modeMask: keep ? 0o7777 : 0o777, chown: keep };
}

/**
 * Extract files/ into `dest` without ever following a symlink below it: every parent folder is
 * checked with lstat (a symlink there stops the restore), an existing symlink at a file's place
 * is replaced rather than written through, files are opened with O_NOFOLLOW, and a hard link may
 * only point at a file this restore wrote (see folder-links.ts). Device files and FIFOs are never
 * created.
 */
export async function folderRestore(
  ctx: RestoreCtx,
  dest: string,
  opts: { deleteExtra?: boolean; exclude?: string[]; sampleEvery?: number; entries?: EntrySource } = {},
): Promise<FolderResult> {
  const entries: EntrySource = opts.entries ?? { walk: (visit) => walkArtifact(ctx.artifact, visit, ctx.signal), relative: safeRelative, summary: true };
  await fsp.mkdir(dest, { recursive: true });
  const root = await fsp.realpath(dest);
  const okDirs = new Set<string>([""]);
  const seen = new Set<string>();
  const written = new WrittenFiles();
  const policy = metadataPolicy(!!ctx.trusted);
  const result: FolderResult = { files: 0, bytes: 0, removed: 0, sampled: [], summary: null, seen };
  const sampleEvery = opts.sampleEvery ?? 0;
  const dirTimes: [string, Date][] = [];

  const ensureDir = async (rel: string) => {
    if (okDirs.has(rel)) return;
    const parent = path.posix.dirname(rel);
    await ensureDir(parent === "." ? "" : parent);
    const abs = path.join(root, rel);
    let st: fs.Stats | null = null;
    try {
      st = await fsp.lstat(abs);
    } catch {
      /* absent */
    }
    if (st?.isSymbolicLink()) throw new RestoreError(`Refusing to write through the symlink ${rel} in the destination`);
    if (st && !st.isDirectory()) throw new RestoreError(`${rel} exists in the destination and is not a folder; the backup has a folder there`);
    if (!st) await fsp.mkdir(abs);
    okDirs.add(rel);
    // A folder the backup has files in, even without an entry of its own: delete-extra keeps it.
    seen.add(rel);
  };

  /** Make room for a non-folder entry: a symlink or file there goes; a folder is an error. */
  const clearPlace = async (rel: string, abs: string) => {
    let st: fs.Stats | null = null;
    try {
      st = await fsp.lstat(abs);
    } catch {
      return;
    }
    if (st.isDirectory()) throw new RestoreError(`${rel} is a folder in the destination; the backup has a file there`);
    await fsp.unlink(abs);
  };

  const writeFile = async (entry: EntryInfo, body: Readable, rel: string, abs: string) => {
    // A numeric fd: a FileHandle's close() would wait forever for a stream that does not close it.
    const fd = await openNoFollow(abs);
    const out = fs.createWriteStream("", { fd, autoClose: false });
    try {
      if (sampleEvery > 0 && result.files % sampleEvery === 0) {
        const tap = new HashTap();
        await pipeline(body, tap, out);
        result.sampled.push({ rel, sha256: tap.digest() });
      } else await pipeline(body, out);
      // chown before chmod: changing the owner clears the setuid/setgid bits.
      if (policy.chown && entry.uid != null) await fchown(fd, entry.uid, entry.gid ?? -1);
      await fchmod(fd, (entry.mode ?? 0o644) & policy.modeMask);
      written.remember(rel, await fstat(fd, { bigint: true }));
    } catch (e) {
      await fsp.rm(abs, { force: true }).catch(() => {});
      throw writeFailure(e, `files/${rel}`);
    } finally {
      // A stream destroyed by a failed pipeline has closed the fd itself (and set it to null):
      // closing the number again could close a file opened meanwhile.
      if ((out as unknown as { fd: number | null }).fd !== null) await close(fd);
    }
  };

  await entries.walk(
    async (entry, body: Readable) => {
      if (entries.summary && entryName(entry.name) === "summary.json") {
        const parts: Buffer[] = [];
        for await (const c of body) parts.push(c as Buffer);
        try {
          result.summary = JSON.parse(Buffer.concat(parts).toString("utf8"));
        } catch {
          ctx.log.info("summary.json in the artifact is not valid JSON; ignored");
        }
        return;
      }
      const rel = entries.relative(entry.name);
      if (rel === null) return;
      if (rel === "") return;
      const parent = path.posix.dirname(rel);
      await ensureDir(parent === "." ? "" : parent);
      const abs = path.join(root, rel);
      seen.add(rel);
      written.forget(rel);
      switch (entry.type) {
        case "directory":
          await ensureDir(rel);
          if (policy.chown && entry.uid != null) await fsp.lchown(abs, entry.uid, entry.gid ?? -1);
          if (entry.mode != null) await fsp.chmod(abs, entry.mode & policy.modeMask);
          if (entry.mtime) dirTimes.push([abs, entry.mtime]);
          return;
        case "file":
        case "contiguous-file": {
          await clearPlace(rel, abs);
          await writeFile(entry, body, rel, abs);
          if (entry.mtime) await fsp.lutimes(abs, entry.mtime, entry.mtime);
          result.files++;
          result.bytes += entry.size;
          return;
        }
        case "symlink":
          await clearPlace(rel, abs);
          // The link is recreated as it was; it is never followed while restoring.
          await fsp.symlink(entry.linkname ?? "", abs);
          if (policy.chown && entry.uid != null) await fsp.lchown(abs, entry.uid, entry.gid ?? -1);
          result.files++;
          return;
        case "link": {
          const target = entries.relative(entry.linkname ?? "");
          if (!target) throw new RestoreError(`Refusing hard link "${entry.name}": its target "${entry.linkname ?? ""}" is outside the restored folder`);
          await written.link(root, rel, target, entry.name, () => clearPlace(rel, abs));
          result.files++;
          return;
        }
        case "character-device":
        case "block-device":
        case "fifo":
          ctx.log.info(`Skipped ${rel}: a ${entry.type} entry; device files and FIFOs are never restored`);
          return;
        default:
          ctx.log.info(`Skipped ${rel}: entry type ${entry.type} is not restored`);
      }
    },
  );
  // Folder times last: writing files inside a folder changes its mtime.
  for (const [abs, t] of dirTimes.reverse()) await fsp.utimes(abs, t, t).catch(() => {});
  if (opts.deleteExtra) result.removed = await removeExtra(root, seen, opts.exclude ?? [], ctx);
  return result;
}

/** Delete what is in the folder but not in the backup (excluded paths were never backed up: kept). */
async function removeExtra(root: string, seen: Set<string>, exclude: string[], ctx: RestoreCtx): Promise<number> {
  const excluded = excludeMatcher(exclude);
  const extra: { rel: string; abs: string; dir: boolean }[] = [];
  for await (const e of walkTree(root, excluded, (m) => ctx.log.info(m))) {
    if (!seen.has(e.rel)) extra.push({ rel: e.rel, abs: e.abs, dir: e.kind === "dir" });
  }
  let removed = 0;
  for (const e of extra) {
    // A removed folder's children are in the list too: rm with force tolerates them being gone.
    await fsp.rm(e.abs, { recursive: e.dir, force: true });
    removed++;
  }
  if (removed) ctx.log.info(`Removed ${removed} path(s) that are not in the backup`);
  return removed;
}

/** Files (incl. symlinks, as the engine counts them) and bytes of a folder, walked without following links. */
export async function folderStats(dir: string, exclude: string[] = [], limit = Infinity): Promise<{ files: number; bytes: number; truncated: boolean }> {
  let files = 0;
  let bytes = 0;
  for await (const e of walkTree(dir, excludeMatcher(exclude), () => {})) {
    if (e.kind === "file") {
      files++;
      // The walker yields no stat (it stays cheap for the archiver); a file may vanish meanwhile.
      bytes += (await fsp.lstat(e.abs).catch(() => ({ size: 0 }))).size;
    } else if (e.kind === "symlink") files++;
    if (files >= limit) return { files, bytes, truncated: true };
  }
  return { files, bytes, truncated: false };
}
