import path from "node:path";
import { ResticError } from "./errors";
import { runRestic, type ResticCallOptions } from "./exec";
import type { ResticRepo } from "./repo";

export interface TreeEntry {
  name: string;
  /** Absolute inside the snapshot ("/cam1/2026-12-01"). */
  path: string;
  type: "file" | "dir" | "symlink" | "other";
  size: number;
  mtime: string | null;
}

export interface TreePage {
  path: string;
  entries: TreeEntry[];
  /** Children of `path` (after `search`), for the pager. */
  total: number;
}

/** "/a/b/", "a/b", "/a/./b" → "/a/b"; ".." is refused (the snapshot has no outside). */
export function snapshotPath(p: string | undefined | null): string {
  const raw = (p ?? "/").replace(/\\/g, "/");
  if (raw.split("/").includes("..") || raw.includes("\0")) throw new ResticError(`Invalid path in the snapshot: ${raw}`);
  const n = path.posix.normalize("/" + raw);
  return n.length > 1 ? n.replace(/\/+$/, "") : "/";
}

interface RawNode {
  struct_type?: string;
  name?: string;
  path?: string;
  type?: string;
  size?: number;
  mtime?: string;
}

/**
 * One folder of a snapshot, sorted folders first then by name, one page of it. restic 0.14's
 * `ls` with a folder lists that folder and its direct children (not deeper without --recursive);
 * the lines are streamed and only that folder's children are kept (a few fields each).
 */
export async function listTree(
  repo: ResticRepo,
  snapshotId: string,
  dir: string,
  page: { offset?: number; limit?: number; search?: string } = {},
  opts: ResticCallOptions = {},
): Promise<TreePage> {
  const at = snapshotPath(dir);
  const offset = Math.max(0, page.offset ?? 0);
  const limit = Math.min(1000, Math.max(1, page.limit ?? 100));
  const needle = page.search?.toLowerCase() ?? "";
  const all: TreeEntry[] = [];
  let found = at === "/";
  const onLine = (line: string) => {
    let n: RawNode;
    try {
      n = JSON.parse(line);
    } catch {
      return;
    }
    if (n.struct_type !== "node" || !n.path) return;
    if (n.path === at) {
      found = n.type === "dir";
      return;
    }
    if (path.posix.dirname(n.path) !== at) return;
    const name = n.name ?? path.posix.basename(n.path);
    if (needle && !name.toLowerCase().includes(needle)) return;
    const type = n.type === "file" || n.type === "dir" || n.type === "symlink" ? n.type : "other";
    all.push({ name, path: n.path, type, size: n.size ?? 0, mtime: n.mtime ?? null });
  };
  await runRestic(repo, ["ls", "--no-lock", snapshotId, at], "ls", { ...opts, onLine });
  if (!found) throw new ResticError(`${at} is not a folder in snapshot ${snapshotId.slice(0, 8)}`);
  all.sort((a, b) => (a.type === "dir") !== (b.type === "dir") ? (a.type === "dir" ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { path: at, entries: all.slice(offset, offset + limit), total: all.length };
}
