import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkKey, checkPrefix, ObjectNotFoundError, PARTIAL_SUFFIX, type ByteRange, type ProbeResult, type SpaceFigures, type StorageBackend, type StoredObject } from "../backend";
import { isGone, makeDirUnder, realFileUnder } from "./confine";
import { diskSpaceAt } from "./free-space";
import { probeBackend } from "../probe";

/** Names Lifeboat keeps for itself inside a folder (backup scratch, upload staging, probes): never listed. */
export const RESERVED_NAME = /^\.lifeboat-/;

/**
 * A folder on this machine (or a mounted NAS). Objects are files under the folder at their key;
 * a put writes `<file>.partial`, fsyncs and renames it, so a complete file is all anyone sees.
 */
export class LocalBackend implements StorageBackend {
  readonly kind = "local";
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  get where(): string {
    return this.root;
  }

  /** The file of a key (lexically under the folder: checkKey refuses `..` and absolute keys). */
  private fileOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split("/"));
  }

  localPath(key: string): string {
    const file = this.fileOf(key);
    makeDirUnder(this.root, path.dirname(file));
    return file;
  }

  async put(key: string, body: Readable, opts: { signal?: AbortSignal; size?: number } = {}): Promise<{ size: number }> {
    const file = this.localPath(key);
    const partial = file + PARTIAL_SUFFIX;
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      // A high mark lets many small chunks (a pipe hands over 64 KiB) queue while one write is in flight: _writev joins them into one big write.
      await pipeline(body, count, fs.createWriteStream(partial, { mode: 0o640, highWaterMark: 4 << 20 }), { signal: opts.signal });
      if (opts.size != null && opts.size !== size) throw new Error(`put ${key}: ${size} bytes arrived, ${opts.size} were announced`);
      const fh = await fsp.open(partial, "r");
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fsp.rename(partial, file);
      await fsyncDir(path.dirname(file));
      return { size };
    } catch (e) {
      await fsp.rm(partial, { force: true }).catch(() => {});
      throw e;
    }
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    if (range && (!(range.start >= 0) || (range.end != null && range.end < range.start))) throw new RangeError(`Bad byte range ${JSON.stringify(range)}`);
    const fh = await this.openFile(key);
    return fh.createReadStream({ start: range?.start ?? 0, end: range?.end, highWaterMark: 256 * 1024 });
  }

  /** The object as an open file (read only), e.g. for a child process to read directly. The caller closes it. */
  async openFile(key: string): Promise<fsp.FileHandle> {
    const found = await realFileUnder(this.root, this.fileOf(key));
    if (!found) throw new ObjectNotFoundError(key, this.root);
    // O_NOFOLLOW on the resolved path: a link swapped in after the check is refused, not followed.
    return fsp.open(found.real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  }

  async stat(key: string): Promise<StoredObject | null> {
    const found = await realFileUnder(this.root, this.fileOf(key));
    return found ? { key, size: found.stat.size, mtime: found.stat.mtime } : null;
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    checkPrefix(prefix);
    const cut = prefix.lastIndexOf("/");
    const dirKey = cut >= 0 ? prefix.slice(0, cut) : "";
    yield* this.walk(dirKey ? path.join(this.root, ...dirKey.split("/")) : this.root, dirKey, prefix);
  }

  private async *walk(dir: string, dirKey: string, prefix: string): AsyncIterable<StoredObject> {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (isGone(e)) return;
      throw e;
    }
    // Key order: a folder sorts as "name/", so "a-b" comes before "a/b" as the strings do.
    const sortName = (e: fs.Dirent) => (e.isDirectory() ? `${e.name}/` : e.name);
    entries.sort((a, b) => (sortName(a) < sortName(b) ? -1 : sortName(a) > sortName(b) ? 1 : 0));
    for (const e of entries) {
      if (RESERVED_NAME.test(e.name)) continue;
      const key = dirKey ? `${dirKey}/${e.name}` : e.name;
      // Links are never followed: a listing stays inside the folder.
      if (e.isDirectory()) {
        if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix)) yield* this.walk(path.join(dir, e.name), key, prefix);
      } else if (e.isFile() && key.startsWith(prefix) && !e.name.endsWith(PARTIAL_SUFFIX)) {
        try {
          const st = await fsp.stat(path.join(dir, e.name));
          yield { key, size: st.size, mtime: st.mtime };
        } catch (err) {
          if (!isGone(err)) throw err;
        }
      }
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.fileOf(key);
    if (fs.existsSync(path.dirname(file))) makeDirUnder(this.root, path.dirname(file));
    await fsp.rm(file, { force: true });
  }

  async discardIncomplete(key: string): Promise<void> {
    await fsp.rm(this.fileOf(key) + PARTIAL_SUFFIX, { force: true });
  }

  async freeSpace(): Promise<SpaceFigures> {
    const d = await diskSpaceAt(this.root);
    return { free: d.freeBytes, total: d.totalBytes, volume: `dev:${d.dev}` };
  }

  probe(): Promise<ProbeResult> {
    return probeBackend(this, `.lifeboat-probe-${crypto.randomUUID()}`);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
