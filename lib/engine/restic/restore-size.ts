import path from "node:path";
import { runRestic, type ResticCallOptions } from "./exec";
import { snapshotPath } from "./ls";
import type { ResticRepo } from "./repo";

/**
 * What a restore of these paths (none = all) would write — files and bytes — for the preview
 * and the free-space check before anything is touched. restic 0.14 has no `restore --dry-run`;
 * `ls --recursive` of the paths streams the same nodes.
 */
export async function restoreSize(repo: ResticRepo, snapshotId: string, include: string[] = [], opts: ResticCallOptions = {}): Promise<{ files: number; bytes: number }> {
  const paths = include.length ? include.map(snapshotPath) : ["/"];
  const within = (p: string) => paths.some((inc) => inc === "/" || p === inc || p.startsWith(inc + "/"));
  const out = { files: 0, bytes: 0 };
  const onLine = (line: string) => {
    let n: { struct_type?: string; type?: string; path?: string; size?: number };
    try {
      n = JSON.parse(line);
    } catch {
      return;
    }
    // ls also prints the parents of a listed path: count only what is inside one.
    if (n.struct_type !== "node" || !n.path || !within(path.posix.normalize(n.path))) return;
    if (n.type === "file" || n.type === "symlink") out.files++;
    if (n.type === "file") out.bytes += n.size ?? 0;
  };
  await runRestic(repo, ["ls", "--no-lock", "--recursive", snapshotId, ...paths], "ls", { ...opts, onLine });
  return out;
}
