import path from "node:path";
import type { SpaceFigures, StoredObject } from "../backend";
import { SFTP_NO_SUCH_FILE } from "./errors";
import { call, type SftpSession } from "./session";

interface Entry {
  filename: string;
  attrs: { size: number; mtime: number; isDirectory(): boolean; isFile(): boolean };
}

const isMissing = (e: unknown) => (e as { code?: number })?.code === SFTP_NO_SUCH_FILE;

/** mkdir -p of `dir` (at or under `root`, which is created too). */
export async function mkdirs(s: SftpSession, root: string, dir: string): Promise<void> {
  const rel = path.posix.relative(root, dir);
  const parts = [root, ...(rel ? rel.split("/") : []).map((_, i, a) => path.posix.join(root, ...a.slice(0, i + 1)))];
  // The root itself may need its parents (a folder not created yet, as for a local location).
  const up: string[] = [];
  for (let d = path.posix.dirname(root); d !== "/" && d !== "."; d = path.posix.dirname(d)) up.unshift(d);
  for (const d of [...up, ...parts]) {
    const exists = await call<{ isDirectory(): boolean }>((cb) => s.sftp.stat(d, cb)).catch((e) => {
      if (isMissing(e)) return null;
      throw e;
    });
    if (exists?.isDirectory()) continue;
    if (exists) throw new Error(`${d} on the server is not a folder`);
    await call((cb) => s.sftp.mkdir(d, { mode: 0o750 }, cb)).catch(async (e) => {
      // Two puts may create the same folder at once.
      const now = await call<{ isDirectory(): boolean }>((cb) => s.sftp.stat(d, cb)).catch(() => null);
      if (!now?.isDirectory()) throw e;
    });
  }
}

/** Every regular file under `root/dirKey` whose key starts with `prefix`, in key order; links are not followed. */
export async function walk(s: SftpSession, root: string, dirKey: string, prefix: string): Promise<StoredObject[]> {
  let entries: Entry[];
  try {
    entries = await call<Entry[]>((cb) => s.sftp.readdir(dirKey ? path.posix.join(root, dirKey) : root, cb));
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
  // Key order: a folder sorts as "name/", as in the local backend.
  const sortName = (e: Entry) => (e.attrs.isDirectory() ? `${e.filename}/` : e.filename);
  entries.sort((a, b) => (sortName(a) < sortName(b) ? -1 : sortName(a) > sortName(b) ? 1 : 0));
  const out: StoredObject[] = [];
  for (const e of entries) {
    if (e.filename === "." || e.filename === "..") continue;
    const key = dirKey ? `${dirKey}/${e.filename}` : e.filename;
    if (e.attrs.isDirectory()) {
      if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix)) out.push(...(await walk(s, root, key, prefix)));
    } else if (e.attrs.isFile() && key.startsWith(prefix)) {
      out.push({ key, size: e.attrs.size, mtime: new Date(e.attrs.mtime * 1000) });
    }
  }
  return out;
}

/** statvfs@openssh.com of `dir` or its nearest existing parent; null when the server does not offer it. */
export async function statvfsUp(s: SftpSession, dir: string): Promise<SpaceFigures | null> {
  if (!s.has("statvfs@openssh.com")) return null;
  for (let d = dir; ; d = path.posix.dirname(d)) {
    try {
      const v = await call<{ f_bavail: number | bigint; f_blocks: number | bigint; f_frsize: number | bigint; f_sid: number | bigint }>((cb) => s.sftp.ext_openssh_statvfs(d, cb));
      // bavail, not bfree: the blocks reserved for root are not ours to fill.
      return { free: Number(v.f_bavail) * Number(v.f_frsize), total: Number(v.f_blocks) * Number(v.f_frsize) };
    } catch (e) {
      if (!isMissing(e) || d === "/") throw e;
    }
  }
}
