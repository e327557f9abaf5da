import fs from "node:fs";
import path from "node:path";
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { apps, orphanArtifacts, runs, targets, type OrphanArtifact, type StorageLocation } from "../../db/schema";
import { runCopies } from "../../db/schema-copies";
import { pitrBaseBackups, pitrCopies, pitrTargets, pitrWal } from "../../db/schema-pitr";
import { baseIndexKey } from "../../engine/pitr/copy-index";
import { backendFor, getLocation, localFolderOf } from "../../engine/storage/locations";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { NotFoundError } from "../../errors";
import { artifactAbsolutePath } from "../../engine/storage/local";
import { artifactOf } from "../../engine/storage/run-artifact";
import { finishOrphanDeleteNow, kickDeleteSweep } from "../../engine/storage/artifact-delete";
import { getSettings } from "../../settings/settings";
import { iso } from "../iso";

/** A file on /storage "not belonging to any target". */
export interface OrphanDto {
  id: number;
  appName: string;
  targetName: string;
  runId: number | null;
  trigger: string | null;
  root: string;
  path: string;
  sizeBytes: number | null;
  takenAt: string | null;
  orphanedAt: string;
  /** The file is still there (it may have been removed by hand); null: in a remote location or a restic repository, not checked. */
  present: boolean | null;
  /** A restic snapshot (deleted = forgotten in its repository), not a file. */
  snapshot: boolean;
  /** An admin's delete began; the sweep finishes it (a remote object, a restic forget). */
  deleting: boolean;
}

/**
 * Record the artifacts still on disk of targets about to be deleted (call in the deleting
 * transaction, before the runs cascade away), so every file stays listed and counted.
 */
export function recordOrphans(tx: Tx, targetIds: number[], now: Date): OrphanArtifact[] {
  if (targetIds.length === 0) return [];
  const defaultRoot = path.resolve(getSettings(tx).defaultStorageDir);
  const rows = tx
    .select({ run: runs, targetName: targets.name, appName: apps.name })
    .from(runs)
    .innerJoin(targets, eq(targets.id, runs.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(and(inArray(runs.targetId, targetIds), eq(runs.artifactState, "present")))
    .all()
    .filter((r) => r.run.artifactPath);
  const primaries = rows.map(({ run, targetName, appName }) =>
    insertOrphan(tx, { run, targetName, appName, now }, { storageId: run.storageId, storageRoot: path.resolve(run.storageRoot ?? defaultRoot), artifactPath: run.artifactPath!, sizeBytes: run.sizeBytes, sha256: run.sha256 }),
  );
  return [...primaries, ...recordCopyOrphans(tx, targetIds, now), ...recordSnapshotOrphans(tx, targetIds, now), ...recordPitrOrphans(tx, targetIds, now)];
}

/**
 * PITR files of those targets (issue 15): the WAL files and base backup files in the PITR location
 * and every copy of them in copy locations (with a base backup's index, pitr/copy-index.ts). Their
 * rows cascade away with the target; each object is recorded as an orphan like a tar artifact,
 * one row per object (listed on /storage, deleted through its location's backend when asked). A
 * WAL batch's index is not listed (nothing records it; a rescan ignores one whose files are gone).
 */
function recordPitrOrphans(tx: Tx, targetIds: number[], now: Date): OrphanArtifact[] {
  const out: OrphanArtifact[] = [];
  const names = new Map(
    tx.select({ id: targets.id, target: targets.name, app: apps.name }).from(targets).innerJoin(apps, eq(apps.id, targets.appId)).where(inArray(targets.id, targetIds)).all().map((r) => [r.id, r]),
  );
  const add = (targetId: number, storageId: number | null | undefined, key: string, o: { sizeBytes: number | null; sha256: string | null; runId: number | null; takenAt: Date }) => {
    const loc = storageId != null ? getLocation(storageId, tx) : undefined;
    const n = names.get(targetId);
    if (!loc || !n) return;
    out.push(
      tx
        .insert(orphanArtifacts)
        .values({ storageId: loc.id, storageRoot: rootOf(loc), artifactPath: key, sizeBytes: o.sizeBytes, sha256: o.sha256, appName: n.app, targetName: n.target, runId: o.runId, trigger: o.runId != null ? "pitr" : null, takenAt: o.takenAt, orphanedAt: now })
        .returning()
        .get(),
    );
  };
  for (const cfg of tx.select().from(pitrTargets).where(inArray(pitrTargets.targetId, targetIds)).all()) {
    for (const w of tx.select().from(pitrWal).where(eq(pitrWal.targetId, cfg.targetId)).all()) add(cfg.targetId, cfg.storageId, w.key, { sizeBytes: w.storedSize, sha256: null, runId: null, takenAt: w.receivedAt });
    for (const b of tx.select().from(pitrBaseBackups).where(eq(pitrBaseBackups.targetId, cfg.targetId)).all()) {
      for (const f of b.files) add(cfg.targetId, cfg.storageId, f.key, { sizeBytes: f.storedSize, sha256: null, runId: b.runId, takenAt: b.finishedAt ?? b.startedAt });
    }
  }
  for (const c of tx.select().from(pitrCopies).where(inArray(pitrCopies.targetId, targetIds)).all()) {
    if (c.kind !== "base") {
      add(c.targetId, c.storageId, c.key!, { sizeBytes: c.storedSize, sha256: c.storedSha256, runId: null, takenAt: c.receivedAt });
      continue;
    }
    const files = c.base?.files ?? [];
    for (const f of files) add(c.targetId, c.storageId, f.key, { sizeBytes: f.storedSize, sha256: f.storedSha256, runId: null, takenAt: c.receivedAt });
    const loc = getLocation(c.storageId, tx);
    if (loc && files.length) add(c.targetId, c.storageId, baseIndexKey(loc, files[0].key), { sizeBytes: null, sha256: null, runId: null, takenAt: c.receivedAt });
  }
  return out;
}

type Where = Pick<OrphanArtifact, "storageId" | "storageRoot" | "artifactPath" | "sizeBytes" | "sha256"> & { snapshotId?: string | null };

/** One orphan row: where the object is, and which run of which app and target it was. */
function insertOrphan(tx: Tx, of: { run: typeof runs.$inferSelect; targetName: string; appName: string; now: Date }, where: Where): OrphanArtifact {
  const { run, targetName, appName, now } = of;
  return tx
    .insert(orphanArtifacts)
    .values({ ...where, appName, targetName, runId: run.id, trigger: run.trigger, takenAt: run.startedAt ?? run.queuedAt, orphanedAt: now })
    .returning()
    .get();
}

/**
 * The copies of those targets' runs still kept in their copy locations (S3, SFTP, folders): their
 * rows cascade away with the runs, so each object is recorded as an orphan too (listed on /storage,
 * deleted with "delete the backup files" through its location's backend) instead of being left
 * in a bucket that nothing lists.
 */
function recordCopyOrphans(tx: Tx, targetIds: number[], now: Date): OrphanArtifact[] {
  const rows = tx
    .select({ copy: runCopies, run: runs, targetName: targets.name, appName: apps.name })
    .from(runCopies)
    .innerJoin(runs, eq(runs.id, runCopies.runId))
    .innerJoin(targets, eq(targets.id, runCopies.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(and(inArray(runCopies.targetId, targetIds), inArray(runCopies.status, ["copied", "pruning", "copying"]), isNotNull(runCopies.key)))
    .all();
  const out: OrphanArtifact[] = [];
  for (const { copy, run, targetName, appName } of rows) {
    const loc = getLocation(copy.storageId, tx);
    if (!loc) continue;
    // One being uploaded is listed too: the upload fails once its run is gone, and a delete of nothing is harmless.
    out.push(insertOrphan(tx, { run, targetName, appName, now }, { storageId: copy.storageId, storageRoot: `${loc.name}: ${backendFor(loc).where}`, artifactPath: copy.key!, sizeBytes: copy.sizeBytes, sha256: copy.sha256 }));
  }
  return out;
}

/** Where a location is, for the /storage list: its folder when local, else its name and address. */
function rootOf(loc: StorageLocation): string {
  const folder = localFolderOf(loc);
  return folder ? path.resolve(folder) : `${loc.name}: ${backendFor(loc).where}`;
}

/** How a restic snapshot reads in the list (its row keeps the id restic resolves). */
export const snapshotLabel = (id: string) => `restic snapshot ${id.slice(0, 8)}`;

/**
 * The restic snapshots of those targets (issue 14): each run's snapshot in its primary repository
 * and each copied snapshot in a copy location's repository. Like the tar artifacts they stay
 * listed (with the data the run or the copy added, as their runs showed) and are deleted only
 * when asked — deleting one is `restic forget` in its repository; the weekly prune task frees the
 * data, as after retention. Without this the repositories kept them with nothing listing them.
 */
function recordSnapshotOrphans(tx: Tx, targetIds: number[], now: Date): OrphanArtifact[] {
  const out: OrphanArtifact[] = [];
  const runRows = tx
    .select({ run: runs, targetName: targets.name, appName: apps.name })
    .from(runs)
    .innerJoin(targets, eq(targets.id, runs.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(and(inArray(runs.targetId, targetIds), eq(runs.artifactState, "snapshot"), isNotNull(runs.storageId)))
    .all();
  for (const { run, targetName, appName } of runRows) {
    const loc = run.snapshot?.id ? getLocation(run.storageId!, tx) : undefined;
    if (!loc) continue;
    const id = run.snapshot!.id;
    out.push(insertOrphan(tx, { run, targetName, appName, now }, { storageId: loc.id, storageRoot: rootOf(loc), artifactPath: snapshotLabel(id), sizeBytes: run.sizeBytes, sha256: null, snapshotId: id }));
  }
  const copyRows = tx
    .select({ copy: runCopies, run: runs, targetName: targets.name, appName: apps.name })
    .from(runCopies)
    .innerJoin(runs, eq(runs.id, runCopies.runId))
    .innerJoin(targets, eq(targets.id, runCopies.targetId))
    .innerJoin(apps, eq(apps.id, targets.appId))
    // A copy being pruned is listed too: its forget may not have happened, and forgetting a gone snapshot is harmless.
    .where(and(inArray(runCopies.targetId, targetIds), inArray(runCopies.status, ["copied", "pruning"]), isNotNull(runCopies.snapshotId)))
    .all();
  for (const { copy, run, targetName, appName } of copyRows) {
    const loc = getLocation(copy.storageId, tx);
    if (!loc) continue;
    out.push(insertOrphan(tx, { run, targetName, appName, now }, { storageId: loc.id, storageRoot: rootOf(loc), artifactPath: snapshotLabel(copy.snapshotId!), sizeBytes: copy.sizeBytes, sha256: null, snapshotId: copy.snapshotId }));
  }
  return out;
}

/**
 * Delete one orphaned file, its .sha256 and its row, audited (`artifact.delete`), in two phases
 * (lib/engine/storage/artifact-delete.ts): the row is marked and the audit written in one
 * transaction, the files deleted after it, then the row goes. A deletion that fails leaves the
 * row marked and listed, and the sweep finishes it. The key is checked to stay in its location.
 */
function removeOne(actor: Actor, row: OrphanArtifact, now: Date): void {
  const marked = getDb().transaction((tx) => {
    // A snapshot is forgotten by restic in its location's repository; a file's key is checked to stay in its location.
    if (row.snapshotId) {
      if (row.storageId == null || !getLocation(row.storageId, tx)) throw new Error(`The storage location of ${row.artifactPath} is gone`);
    } else artifactOf(row, tx);
    const res = tx.update(orphanArtifacts).set({ deletingSince: now }).where(eq(orphanArtifacts.id, row.id)).run();
    if (res.changes !== 1) return null;
    writeAudit(
      tx,
      actor,
      {
        action: "artifact.delete",
        entityType: "run",
        entityId: row.runId ?? null,
        before: { app: row.appName, target: row.targetName, root: row.storageRoot, artifactPath: row.artifactPath, sizeBytes: row.sizeBytes, ...(row.snapshotId ? { snapshot: row.snapshotId } : {}) },
      },
      now,
    );
    return row;
  });
  if (marked && !finishOrphanDeleteNow(marked)) kickDeleteSweep();
}

/** Delete the given orphans' files; what cannot be deleted stays listed (with the reason returned). */
export function removeOrphanFiles(actor: Actor, rows: OrphanArtifact[], now: Date = new Date()): { deleted: number; failed: { id: number; reason: string }[] } {
  let deleted = 0;
  const failed: { id: number; reason: string }[] = [];
  for (const row of rows) {
    try {
      removeOne(actor, row, now);
      deleted++;
    } catch (e) {
      failed.push({ id: row.id, reason: (e as Error).message });
    }
  }
  return { deleted, failed };
}

export function listOrphans(actor: Actor): OrphanDto[] {
  requirePermission(actor, "read");
  return getDb()
    .select()
    .from(orphanArtifacts)
    .orderBy(desc(orphanArtifacts.id))
    .all()
    .map((o) => ({
      id: o.id,
      appName: o.appName,
      targetName: o.targetName,
      runId: o.runId,
      trigger: o.trigger,
      root: o.storageRoot,
      path: o.artifactPath,
      sizeBytes: o.sizeBytes,
      takenAt: iso(o.takenAt),
      orphanedAt: o.orphanedAt.toISOString(),
      present: presentOnDisk(o),
      snapshot: !!o.snapshotId,
      deleting: o.deletingSince != null,
    }));
}

function presentOnDisk(o: OrphanArtifact): boolean | null {
  if (o.snapshotId) return null; // inside a restic repository: not checked here
  try {
    if (o.storageId != null) {
      const loc = getLocation(o.storageId);
      const backend = loc ? backendFor(loc) : null;
      if (!backend?.localPath) return null;
      return fs.existsSync(backend.localPath(o.artifactPath));
    }
    return fs.existsSync(artifactAbsolutePath(o.storageRoot, o.artifactPath));
  } catch {
    return false;
  }
}

/** Delete one file "not belonging to any target" (admin). */
export function deleteOrphan(actor: Actor, id: number, now: Date = new Date()): void {
  requirePermission(actor, "manage");
  const row = getDb().select().from(orphanArtifacts).where(eq(orphanArtifacts.id, id)).get();
  if (!row) throw new NotFoundError(`File ${id} not found (already deleted?)`);
  removeOne(actor, row, now);
}
