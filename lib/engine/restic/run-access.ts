import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import type { Run } from "../../db/schema";
import { noArtifactReason } from "../storage/artifact-state";
import { dumpTar } from "./dump";
import { ResticError } from "./errors";
import { listTree, snapshotPath, type TreePage } from "./ls";
import { withRepoOf, withRunRepo } from "./target-repo";
import type { ResticRepo } from "./repo";
import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runCopies } from "../../db/schema-copies";
import { getLocation } from "../storage/locations";
import { preferredSource, type ArtifactSource } from "../copies/artifact-sources";

/** The snapshot id of a run that still has one; a ResticError with a kind the services map otherwise. */
export function snapshotIdOf(run: Run): string {
  if (!run.snapshot) throw new ResticError(`Run ${run.id} is not a restic run (it has no snapshot)`, "no-repository");
  if (run.artifactState !== "snapshot") throw new ResticError(`Run ${run.id}'s snapshot is gone: ${noArtifactReason(run.artifactState)}`, "no-repository");
  return run.snapshot.id;
}

/**
 * Run `fn` with the repository and snapshot id a restore or browse of the run reads: the
 * primary's snapshot while it is there, else the nearest healthy copy (`restic copy` into a copy
 * location: local before SFTP before S3, lib/engine/copies/artifact-sources.ts), or the one the user
 * chose (`storageId`: the primary's location or a copy location; refused when not healthy).
 * `source` says which.
 */
export async function withRunSnapshot<T>(run: Run, fn: (repo: ResticRepo, id: string, source: ArtifactSource) => Promise<T>, opts: { signal?: AbortSignal; storageId?: number | null } = {}): Promise<T> {
  const source = await preferredSource(run, opts.storageId);
  if (!source) {
    snapshotIdOf(run); // says why the primary's snapshot is gone
    throw new ResticError(`Run ${run.id} has no snapshot to read, and no healthy copy`, "no-repository");
  }
  if (source.role === "primary" || source.storageId == null) {
    const id = snapshotIdOf(run);
    return withRunRepo(run, (repo) => fn(repo, id, source), opts);
  }
  const copy = getDb().select().from(runCopies).where(and(eq(runCopies.runId, run.id), eq(runCopies.storageId, source.storageId))).get();
  const loc = getLocation(source.storageId);
  if (!copy?.snapshotId || !loc) throw new ResticError(`Run ${run.id} has no usable copy in ${source.name}`, "no-repository");
  return withRepoOf(loc, (repo) => fn(repo, copy.snapshotId!, source), opts);
}

/** One folder of a run's snapshot, paged and searched (lib/engine/restic/ls.ts). */
export async function listRunFolder(run: Run, dir: string, page: { offset?: number; limit?: number; search?: string }, signal?: AbortSignal): Promise<TreePage> {
  return withRunSnapshot(run, (repo, id) => listTree(repo, id, dir, page, { signal }), { signal });
}

/**
 * A folder of the snapshot (or all of it) as a tar stream, or one file's bytes. The path is
 * checked first (a missing path would otherwise become an empty 200). Returns the name to give
 * the download and the stream; restic runs while the stream is read.
 */
export async function openRunDump(run: Run, at: string): Promise<{ fileName: string; kind: "tar" | "file"; stream: Readable }> {
  const id = run.snapshot?.id ?? snapshotIdOf(run);
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
  void withRunSnapshot(run, (repo, sid) => dumpTar(repo, sid, p, out)).catch((e) => out.destroy(e as Error));
  return { fileName: kind === "tar" ? `${base}.tar` : path.posix.basename(p), kind, stream: out };
}
