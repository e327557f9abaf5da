import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { getDb, type Db } from "../../db/client";
import { orphanArtifacts, runs } from "../../db/schema";
import type { StorageBackend } from "./backend";
import { LocalBackend } from "./local/backend";
import { isBelow } from "./local/confine";
import { artifactOf, deleteArtifactObjects, sha256KeyOf, type ArtifactRow } from "./run-artifact";
import { getLocation } from "./locations";
import { forgetSnapshotsIn } from "../restic/copy-retention";

/**
 * Deleting an artifact is three steps, never one transaction around a file operation:
 *  1. mark — in the caller's transaction, with its checks and audit: the run's artifact_state
 *     becomes `pruning` (retention) or `deleting` (an admin), an orphan row gets deleting_since;
 *  2. delete the object and its .sha256 through the location's backend, outside any transaction;
 *  3. confirm — the state becomes `pruned` / `deleted`, the orphan row goes.
 * A crash or a failure between 1 and 3 leaves a row that says so; finishPendingDeletes() (at
 * start-up, with the retention sweep, and after a remote mark) does 2 and 3 for it.
 */
export const DELETE_FINAL: Record<string, "pruned" | "deleted"> = { pruning: "pruned", deleting: "deleted" };
export const DELETE_MARKS = Object.keys(DELETE_FINAL);

/**
 * Step 2 now, synchronously, when the location is a local folder (the delete services stay
 * synchronous); false for other backends, whose objects the sweep deletes.
 */
export function deleteLocalObjectsNow(backend: StorageBackend, key: string): boolean {
  if (!(backend instanceof LocalBackend)) return false;
  for (const k of [key, sha256KeyOf(key)]) {
    const file = path.join(backend.root, ...k.split("/"));
    // As LocalBackend.delete: a folder swapped for a link leading out is refused, not followed.
    const dir = path.dirname(file);
    if (fs.existsSync(dir)) {
      const real = fs.realpathSync(dir);
      const root = fs.realpathSync(backend.root);
      if (real !== root && !isBelow(root, real)) throw new Error(`${dir} leads outside its storage folder ${backend.root}`);
    }
    fs.rmSync(file, { force: true });
  }
  return true;
}

function confirmRun(db: Db, runId: number, marked: string): boolean {
  const res = db.update(runs).set({ artifactState: DELETE_FINAL[marked] }).where(and(eq(runs.id, runId), eq(runs.artifactState, marked))).run();
  return res.changes === 1;
}

/** Steps 2 + 3 for a marked run, synchronously on a local location; false when the sweep must finish it. */
export function finishRunDeleteNow(run: ArtifactRow & { artifactState: string }, db: Db = getDb()): boolean {
  const { backend, key } = artifactOf(run, db);
  if (!deleteLocalObjectsNow(backend, key)) return false;
  return confirmRun(db, run.id, run.artifactState);
}

/** Steps 2 + 3 for a marked orphan row, synchronously on a local location. */
export function finishOrphanDeleteNow(row: { id: number; storageId: number | null; storageRoot: string; artifactPath: string; snapshotId?: string | null }, db: Db = getDb()): boolean {
  if (row.snapshotId) return false; // restic forget runs in the sweep
  const { backend, key } = artifactOf({ ...row, id: row.id }, db);
  if (!deleteLocalObjectsNow(backend, key)) return false;
  db.delete(orphanArtifacts).where(eq(orphanArtifacts.id, row.id)).run();
  return true;
}

export interface SweepResult {
  runs: number[];
  orphans: number[];
  failed: { what: string; reason: string }[];
}

/** The sweep: finish every marked deletion, on any backend. What fails stays marked for the next sweep. */
export async function finishPendingDeletes(db: Db = getDb()): Promise<SweepResult> {
  const out: SweepResult = { runs: [], orphans: [], failed: [] };
  for (const run of db.select().from(runs).where(inArray(runs.artifactState, DELETE_MARKS)).all()) {
    try {
      const { backend, key } = artifactOf(run, db);
      await deleteArtifactObjects(backend, key);
      if (confirmRun(db, run.id, run.artifactState)) out.runs.push(run.id);
    } catch (e) {
      out.failed.push({ what: `run ${run.id}`, reason: (e as Error).message });
    }
  }
  const marked = db.select().from(orphanArtifacts).where(isNotNull(orphanArtifacts.deletingSince)).all();
  // Restic snapshots of deleted targets: one `restic forget` per repository for all of them.
  const snapshots = marked.filter((r) => r.snapshotId);
  for (const storageId of new Set(snapshots.map((r) => r.storageId))) {
    const here = snapshots.filter((r) => r.storageId === storageId);
    try {
      const loc = storageId != null ? getLocation(storageId, db) : undefined;
      if (!loc) throw new Error(`storage location ${storageId} is gone`);
      await forgetSnapshotsIn(loc, here.map((r) => r.snapshotId!));
      db.delete(orphanArtifacts).where(inArray(orphanArtifacts.id, here.map((r) => r.id))).run();
      out.orphans.push(...here.map((r) => r.id));
    } catch (e) {
      out.failed.push({ what: `restic snapshots ${here.map((r) => r.artifactPath.replace(/^restic snapshot /, "")).join(", ")}`, reason: (e as Error).message });
    }
  }
  for (const row of marked.filter((r) => !r.snapshotId)) {
    try {
      const { backend, key } = artifactOf(row, db);
      await deleteArtifactObjects(backend, key);
      db.delete(orphanArtifacts).where(eq(orphanArtifacts.id, row.id)).run();
      out.orphans.push(row.id);
    } catch (e) {
      out.failed.push({ what: `orphaned file ${row.id}`, reason: (e as Error).message });
    }
  }
  return out;
}

let kicked: Promise<unknown> | null = null;

/** After marking on a remote location: run the sweep soon, once at a time. */
export function kickDeleteSweep(): void {
  if (kicked) return;
  kicked = finishPendingDeletes()
    .then((r) => r.failed.forEach((f) => console.warn(`[lifeboat] could not delete the artifact of ${f.what} yet: ${f.reason}`)))
    .catch((e) => console.error("[lifeboat] artifact delete sweep failed", e))
    .finally(() => (kicked = null));
}
