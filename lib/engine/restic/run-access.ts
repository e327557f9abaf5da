import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import type { Run } from "../../db/schema";
import { noArtifactReason } from "../storage/artifact-state";
import { dumpTar } from "./dump";
import { ResticError } from "./errors";
import { listTree, snapshotPath, type TreePage } from "./ls";
import { withRunRepo } from "./target-repo";

/** The snapshot id of a run that still has one; a ResticError with a kind the services map otherwise. */
export function snapshotIdOf(run: Run): string {
  if (!run.snapshot) throw new ResticError(`Run ${run.id} is not a restic run (it has no snapshot)`, "no-repository");
  if (run.artifactState !== "snapshot") throw new ResticError(`Run ${run.id}'s snapshot is gone: ${noArtifactReason(run.artifactState)}`, "no-repository");
  return run.snapshot.id;
}

/** One folder of a run's snapshot, paged and searched (lib/engine/restic/ls.ts). */
export async function listRunFolder(run: Run, dir: string, page: { offset?: number; limit?: number; search?: string }, signal?: AbortSignal): Promise<TreePage> {
  const id = snapshotIdOf(run);
  return withRunRepo(run, (repo) => listTree(repo, id, dir, page, { signal }), { signal });
}

/**
 * A folder of the snapshot (or all of it) as a tar stream, or one file's bytes. The path is
 * checked first (a missing path would otherwise become an empty 200). Returns the name to give
 * the download and the stream; restic runs while the stream is read.
 */
export async function openRunDump(run: Run, at: string): Promise<{ fileName: string; kind: "tar" | "file"; stream: Readable }> {
  const id = snapshotIdOf(run);
  const p = snapshotPath(at);
  let kind: "tar" | "file" = "tar";
  if (p !== "/") {
    const parent = await listRunFolder(run, path.posix.dirname(p), { search: path.posix.basename(p), limit: 1000 });
    const hit = parent.entries.find((e) => e.path === p);
    if (!hit) throw new ResticError(`${p} is not in snapshot ${id.slice(0, 8)}`, "failed");
    if (hit.type === "file") kind = "file";
    else if (hit.type !== "dir") throw new ResticError(`${p} is a ${hit.type}, not a file or folder`, "failed");
  }
  const base = p === "/" ? `run-${run.id}-${id.slice(0, 8)}` : `run-${run.id}-${path.posix.basename(p)}`;
  const out = new PassThrough();
  void withRunRepo(run, (repo) => dumpTar(repo, id, p, out)).catch((e) => out.destroy(e as Error));
  return { fileName: kind === "tar" ? `${base}.tar` : path.posix.basename(p), kind, stream: out };
}
