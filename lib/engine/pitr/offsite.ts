import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, asc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { tasks, type StorageLocation } from "../../db/schema";
import { pitrBaseBackups, pitrCopies, pitrWal, type PitrBackupFile, type PitrBaseBackup, type PitrCopiedBase, type PitrCopy, type PitrWal } from "../../db/schema-pitr";
import { copyObject, type CopyResult } from "../copies/copy-artifact";
import { COPY_KIND, COPY_PRIORITY, copyKeyOf } from "../copies/copy-rows";
import { copiesOfTarget, copyPolicy } from "../copies/target-storage";
import { decideRetention } from "../retention/decide";
import { bucketTimezone } from "../retention/candidates";
import type { StorageBackend } from "../storage/backend";
import { ageDecrypt, locationIdentity } from "../storage/encryption";
import { backendFor, backendOf, getLocation } from "../storage/locations";
import { listBaseBackups } from "./base-rows";
import { pitrConfig } from "./config-rows";
import { listWal } from "./wal-store";
import { parseSegmentName } from "./wal-names";
import { PITR_RESTORE_KIND } from "./restore-task";
import { baseIndexKey, pruneWalIndexes, walIndexDir, writeBaseIndex, writeWalIndex, type PitrIndexWal } from "./copy-index";
import { segmentName } from "./wal-names";

/**
 * PITR offsite (issue 15 with issue 13's copy task): the completed WAL files and the base backups
 * of a target, copied from its PITR location to each of the target's copy locations — the stored
 * zstd objects as they are, age-encrypted when the location encrypts — and recorded in
 * pitr_copies, so each location can say how far its WAL reaches and be restored from alone.
 *
 * In batches, not one task per segment: a busy server completes a segment every few seconds, and
 * a copy task per segment and location would flood the one queue (the copy kind runs one task at
 * a time) and the tasks table. A batch is one task of the copy kind per (target, location) that
 * copies everything not copied yet; at most one is queued per pair (queuePitrCopies: by the
 * supervisor's tick every 15 s and after each base backup), so segments that arrive while one runs
 * join the next. The partial snapshot of the segment being written is never copied: a copy
 * location's WAL reaches the last completed segment.
 */

export interface PitrCopyParams {
  pitrTargetId: number;
  storageId: number;
}

export const baseCopyName = (baseBackupId: number) => `base-${baseBackupId}`;

/** Names already copied (or being deleted) to a location. */
function copiedNames(targetId: number, storageId: number, db: DbOrTx = getDb()): Set<string> {
  return new Set(
    db
      .select({ name: pitrCopies.name })
      .from(pitrCopies)
      .where(and(eq(pitrCopies.targetId, targetId), eq(pitrCopies.storageId, storageId)))
      .all()
      .map((r) => r.name),
  );
}

/** What the PITR location holds that a copy location does not yet: complete WAL files first, then base backups. */
export function pendingPitrCopies(targetId: number, storageId: number, db: DbOrTx = getDb()): { wal: PitrWal[]; backups: PitrBaseBackup[] } {
  const have = copiedNames(targetId, storageId, db);
  return {
    wal: listWal(targetId).filter((w) => w.kind !== "partial" && !have.has(w.name)),
    backups: listBaseBackups(targetId).filter((b) => b.status === "success" && !have.has(baseCopyName(b.id))),
  };
}

/** How many files `pendingPitrCopies` would list, counted in SQL (the supervisor's look and the status ask often). */
export function countPendingPitrCopies(targetId: number, storageId: number, db: DbOrTx = getDb()): number {
  const wal = db
    .select({ n: sql<number>`count(*)` })
    .from(pitrWal)
    .where(
      and(
        eq(pitrWal.targetId, targetId),
        isNull(pitrWal.deletingAt),
        ne(pitrWal.kind, "partial"),
        sql`NOT EXISTS (SELECT 1 FROM pitr_copies c WHERE c.target_id = ${targetId} AND c.storage_id = ${storageId} AND c.name = ${pitrWal.name})`,
      ),
    )
    .get()!.n;
  const bases = db
    .select({ n: sql<number>`count(*)` })
    .from(pitrBaseBackups)
    .where(
      and(
        eq(pitrBaseBackups.targetId, targetId),
        isNull(pitrBaseBackups.deletingAt),
        eq(pitrBaseBackups.status, "success"),
        sql`NOT EXISTS (SELECT 1 FROM pitr_copies c WHERE c.target_id = ${targetId} AND c.storage_id = ${storageId} AND c.name = 'base-' || ${pitrBaseBackups.id})`,
      ),
    )
    .get()!.n;
  return wal + bases;
}

/**
 * Queue one copy task per copy location of the target that lacks something, unless one is queued
 * for it already. Returns the new tasks' ids (the caller kicks the queue).
 */
export function queuePitrCopies(targetId: number, at: Date, db: DbOrTx = getDb()): number[] {
  const cfg = pitrConfig(targetId, db);
  if (!cfg?.storageId) return [];
  const ids: number[] = [];
  const queued = db
    .select({ params: tasks.params })
    .from(tasks)
    .where(and(eq(tasks.kind, COPY_KIND), eq(tasks.status, "queued")))
    .all()
    .map((t) => t.params as Partial<PitrCopyParams> | null);
  for (const c of copiesOfTarget(targetId, db)) {
    if (c.storageId === cfg.storageId) continue;
    if (queued.some((p) => p?.pitrTargetId === targetId && p.storageId === c.storageId)) continue;
    if (countPendingPitrCopies(targetId, c.storageId, db) === 0) continue;
    const params: PitrCopyParams = { pitrTargetId: targetId, storageId: c.storageId };
    ids.push(db.insert(tasks).values({ kind: COPY_KIND, targetId: null, priority: COPY_PRIORITY, params: { ...params }, status: "queued", queuedAt: at }).returning({ id: tasks.id }).get().id);
  }
  return ids;
}

export interface PitrSyncResult {
  walFiles: number;
  baseBackups: number;
  bytes: number;
  /** Objects that could not be copied after the retries (the next batch tries them again). */
  failed: { name: string; error: string }[];
  pruned: { baseBackups: number; walFiles: number };
}

/**
 * One batch: copy every WAL file and base backup the location lacks, oldest first, each object
 * retried (`retry`) before it is counted failed; a failed one does not stop the others (a hole
 * in the copy's WAL only ends its window there). Then the location's own retention. Throws at the
 * end when anything failed, so the task ends `failed` with the reason.
 */
export async function syncPitrCopies(
  targetId: number,
  storageId: number,
  o: { signal: AbortSignal; clock: () => Date; retry?: <T>(what: () => Promise<T>) => Promise<T> },
): Promise<PitrSyncResult> {
  const out: PitrSyncResult = { walFiles: 0, baseBackups: 0, bytes: 0, failed: [], pruned: { baseBackups: 0, walFiles: 0 } };
  const dest = getLocation(storageId);
  if (!dest) throw new Error(`storage location ${storageId} is gone`);
  if (!copiesOfTarget(targetId).some((c) => c.storageId === storageId)) return out; // no longer a copy location of the target
  const cfg = pitrConfig(targetId);
  if (!cfg?.storageId) throw new Error(`Target ${targetId} has no PITR location`);
  const src = backendOf(cfg.storageId);
  const to = backendFor(dest);
  const retry = o.retry ?? ((f) => f());
  const copyOne = async (key: string, storedSize: number): Promise<CopyResult & { key: string }> => {
    const destKey = copyKeyOf(key, dest.encryption);
    return retry(async () => {
      await to.discardIncomplete(destKey).catch(() => {});
      const r = await copyObject({ backend: src, key, size: storedSize }, dest, destKey, o.signal);
      if (r.readBytes !== storedSize) {
        await to.delete(destKey).catch(() => {});
        throw new Error(`${key} held ${r.readBytes} bytes in the PITR location; ${storedSize} were stored`);
      }
      return { ...r, key: destKey };
    });
  };
  const pending = pendingPitrCopies(targetId, storageId);
  const db = getDb();
  const indexed: PitrIndexWal[] = [];
  for (const w of pending.wal) {
    o.signal.throwIfAborted();
    try {
      const r = await copyOne(w.key, w.storedSize);
      indexed.push({ name: w.name, kind: w.kind as "segment" | "history", key: r.key, timeline: w.timeline, segNo: w.segNo, segSize: w.segSize, size: w.size, sha256: w.sha256, storedSize: r.size, storedSha256: r.sha256, receivedAt: w.receivedAt.toISOString() });
      db.insert(pitrCopies)
        .values({ targetId, storageId, kind: w.kind as "segment" | "history", name: w.name, key: r.key, encryption: dest.encryption === "age" ? "age" : "none", timeline: w.timeline, segNo: w.segNo, segSize: w.segSize, size: w.size, sha256: w.sha256, storedSize: r.size, storedSha256: r.sha256, receivedAt: w.receivedAt, copiedAt: o.clock() })
        .onConflictDoNothing()
        .run();
      out.walFiles++;
      out.bytes += r.size;
    } catch (e) {
      if (o.signal.aborted) throw e;
      out.failed.push({ name: w.name, error: (e as Error).message });
    }
  }
  // The batch's index (copy-index.ts): what a console that lost its database rebuilds these rows from.
  if (indexed.length) {
    try {
      await retry(() => writeWalIndex(to, dest, targetId, indexed, o.clock(), o.signal));
    } catch (e) {
      if (o.signal.aborted) throw e;
      // Without their index a rescan could not find them: their rows go, so the next batch copies them again with one.
      db.delete(pitrCopies).where(and(eq(pitrCopies.targetId, targetId), eq(pitrCopies.storageId, storageId), inArray(pitrCopies.name, indexed.map((w) => w.name)))).run();
      out.walFiles -= indexed.length;
      out.failed.push({ name: `WAL index of ${indexed.length} file(s)`, error: (e as Error).message });
    }
  }
  for (const b of pending.backups) {
    o.signal.throwIfAborted();
    try {
      const files: PitrCopiedBase["files"] = [];
      for (const f of b.files) {
        const r = await copyOne(f.key, f.storedSize);
        files.push({ ...f, key: r.key, storedSize: r.size, storedSha256: r.sha256 });
        out.bytes += r.size;
      }
      const base: PitrCopiedBase = {
        id: b.id,
        timeline: b.timeline!,
        startLsn: b.startLsn,
        endLsn: b.endLsn,
        startWal: b.startWal!,
        endWal: b.endWal!,
        walSegSize: b.walSegSize!,
        startedAt: b.startedAt.toISOString(),
        finishedAt: b.finishedAt!.toISOString(),
        runId: b.runId,
        files,
      };
      await retry(() => writeBaseIndex(to, dest, targetId, base, o.signal));
      const tar = b.files.find((f) => f.name === "base.tar");
      db.insert(pitrCopies)
        .values({ targetId, storageId, kind: "base", name: baseCopyName(b.id), baseBackupId: b.id, key: null, encryption: dest.encryption === "age" ? "age" : "none", timeline: b.timeline!, size: b.files.reduce((s, f) => s + f.size, 0), sha256: tar?.sha256 ?? "", storedSize: files.reduce((s, f) => s + f.storedSize, 0), receivedAt: b.finishedAt!, base, copiedAt: o.clock() })
        .onConflictDoNothing()
        .run();
      out.baseBackups++;
    } catch (e) {
      if (o.signal.aborted) throw e;
      out.failed.push({ name: baseCopyName(b.id), error: (e as Error).message });
    }
  }
  out.pruned = await applyPitrCopyRetention(targetId, storageId, o.clock());
  if (out.failed.length) {
    const first = out.failed[0];
    throw Object.assign(new Error(`${out.failed.length} PITR file(s) could not be copied to ${dest.name} (first: ${first.name}: ${first.error})`), { result: out });
  }
  return out;
}

/** Copied rows of one location, without those its retention marked. */
export function listPitrCopies(targetId: number, storageId: number, db: DbOrTx = getDb()): PitrCopy[] {
  return db
    .select()
    .from(pitrCopies)
    .where(and(eq(pitrCopies.targetId, targetId), eq(pitrCopies.storageId, storageId), isNull(pitrCopies.deletingAt)))
    .orderBy(asc(pitrCopies.timeline), asc(pitrCopies.segNo), asc(pitrCopies.name))
    .all();
}

/** A copy location's rows in the shapes the restore plan and the window take. */
export function copiedPlanRows(targetId: number, storageId: number, db: DbOrTx = getDb()): { backups: PitrBaseBackup[]; wal: PitrWal[] } {
  const rows = listPitrCopies(targetId, storageId, db);
  const backups: PitrBaseBackup[] = rows
    .filter((r) => r.kind === "base" && r.base)
    .map((r) => {
      const b = r.base!;
      const files: PitrBackupFile[] = b.files.map((f) => ({ name: f.name, key: f.key, size: f.size, storedSize: f.storedSize, sha256: f.sha256 }));
      return {
        id: b.id, targetId, status: "success", files, timeline: b.timeline, startLsn: b.startLsn, endLsn: b.endLsn, startWal: b.startWal, endWal: b.endWal,
        walSegSize: b.walSegSize, startedAt: new Date(b.startedAt), finishedAt: new Date(b.finishedAt), sizeBytes: r.storedSize, error: null, taskId: null, runId: b.runId, deletingAt: null,
      };
    });
  const wal: PitrWal[] = rows
    .filter((r) => r.kind !== "base")
    .map((r) => ({ id: r.id, targetId, name: r.name, kind: r.kind as "segment" | "history", timeline: r.timeline, segNo: r.segNo, segSize: r.segSize, key: r.key!, size: r.size, sha256: r.sha256, storedSize: r.storedSize, receivedAt: r.receivedAt, deletingAt: null }));
  return { backups, wal };
}

/**
 * Reads a copy location's objects as the PITR location's: decrypted with the location's age
 * identity when it encrypts. What is read is then zstd-decompressed and checked against the
 * uncompressed sha256 (zstd-io.ts), so a damaged, swapped or truncated copy fails the restore.
 */
export function copyReader(loc: StorageLocation, signal?: AbortSignal): Pick<StorageBackend, "open" | "stat"> {
  const backend = backendFor(loc);
  return {
    stat: (key) => backend.stat(key),
    open: async (key) => {
      const stored = await backend.open(key);
      if (loc.encryption !== "age") return stored;
      const identity = locationIdentity(loc);
      if (!identity) throw new Error(`Storage location "${loc.name}" has no age identity to open its encrypted copies`);
      const age = ageDecrypt(identity, { signal });
      const out = new PassThrough({ highWaterMark: 1 << 20 });
      // age's exit decides: a tampered or cut ciphertext fails the stream instead of ending it.
      const fed = pipeline(stored, age.input);
      fed.catch((e) => out.destroy(e));
      age.done.catch((e) => out.destroy(e));
      age.output.on("error", (e) => out.destroy(e));
      age.output.pipe(out, { end: false });
      age.output.once("end", () => void Promise.all([fed, age.done]).then(() => out.end(), () => {}));
      return out as Readable;
    },
  };
}

/**
 * A copy location's own retention: its base backups by the location's keep rules (the same as
 * for the target's run copies there; the newest one always kept), then its WAL older than the
 * oldest base backup it keeps. Two phases like the PITR location's: mark, then delete objects,
 * then rows (a failed delete leaves the mark for the next batch). Skipped while a point-in-time
 * restore of the target runs (it may be reading this location).
 */
export async function applyPitrCopyRetention(targetId: number, storageId: number, now: Date): Promise<{ baseBackups: number; walFiles: number }> {
  const db = getDb();
  const tc = copiesOfTarget(targetId, db).find((c) => c.storageId === storageId);
  if (!tc) return { baseBackups: 0, walFiles: 0 };
  // A point-in-time restore of the target may be reading this location: its files wait for the next batch.
  const restoring = db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.kind, PITR_RESTORE_KIND), eq(tasks.targetId, targetId), eq(tasks.status, "running"))).get();
  if (restoring) return { baseBackups: 0, walFiles: 0 };
  const rows = listPitrCopies(targetId, storageId, db);
  const bases = rows.filter((r) => r.kind === "base" && r.base).sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
  if (bases.length) {
    const artifacts = bases.map((b) => ({ id: b.id, kind: "backup" as const, at: b.receivedAt, status: "success", pinned: false, pinnedUntil: null, inUse: false }));
    const drop = new Set(decideRetention(artifacts, copyPolicy(tc), now, bucketTimezone(db, targetId)).delete.map((d) => d.id));
    drop.delete(bases[0].id);
    const kept = bases.filter((b) => !drop.has(b.id));
    const oldest = kept.at(-1)!.base!;
    const startSeg = parseSegmentName(oldest.startWal, oldest.walSegSize)!.segNo;
    const dropWal = rows.filter((r) => r.kind === "segment" && (r.timeline < oldest.timeline || (r.timeline === oldest.timeline && r.segNo! < startSeg)));
    const ids = [...drop, ...dropWal.map((w) => w.id)];
    if (ids.length) db.update(pitrCopies).set({ deletingAt: now }).where(and(inArray(pitrCopies.id, ids), isNull(pitrCopies.deletingAt))).run();
    const done = await finishPitrCopyDeletes(targetId, storageId);
    // WAL batch indexes that only name segments gone now (their newest is older than what is kept).
    const anyWal = rows.find((r) => r.kind !== "base" && r.key);
    const loc = getLocation(storageId, db);
    if (anyWal && loc) await pruneWalIndexes(backendFor(loc), walIndexDir(anyWal.key!), segmentName(oldest.timeline, startSeg, oldest.walSegSize)).catch((e) => console.warn(`[lifeboat] PITR WAL indexes in ${loc.name}: prune failed, tried again next time (${(e as Error).message})`));
    return done;
  }
  return finishPitrCopyDeletes(targetId, storageId);
}

async function finishPitrCopyDeletes(targetId: number, storageId: number): Promise<{ baseBackups: number; walFiles: number }> {
  const db = getDb();
  const out = { baseBackups: 0, walFiles: 0 };
  const loc = getLocation(storageId, db);
  if (!loc) return out;
  const to = backendFor(loc);
  const marked = db.select().from(pitrCopies).where(and(eq(pitrCopies.targetId, targetId), eq(pitrCopies.storageId, storageId), isNotNull(pitrCopies.deletingAt))).all();
  for (const r of marked) {
    const files = r.base?.files ?? [];
    // A base backup's index goes after its files (a rescan then finds neither, never an index without files).
    const keys = r.kind === "base" ? [...files.map((f) => f.key), ...(files.length ? [baseIndexKey(loc, files[0].key)] : [])] : [r.key!];
    try {
      for (const k of keys) await to.delete(k);
      db.delete(pitrCopies).where(eq(pitrCopies.id, r.id)).run();
      if (r.kind === "base") out.baseBackups++;
      else out.walFiles++;
    } catch (e) {
      console.warn(`[lifeboat] PITR copy ${r.name} in ${loc.name}: delete failed, tried again next time (${(e as Error).message})`);
    }
  }
  return out;
}
