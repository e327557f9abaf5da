import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { pitrBaseBackups, pitrWal } from "../../db/schema-pitr";
import { now } from "../clock";
import type { StorageBackend } from "../storage/backend";
import { listBaseBackups } from "./base-rows";
import { markBaseRunsPruned } from "./base-runs";
import { listWal } from "./wal-store";
import { parseSegmentName } from "./wal-names";
import { heldForCopies } from "./offsite-status";
import { baseCopyName } from "./offsite";

export interface PitrPruneResult {
  baseBackups: number;
  walFiles: number;
  /** Objects whose delete failed: their rows stay marked, and the next prune deletes them again. */
  leftovers: string[];
}

/**
 * Keep the newest `keepLast` base backups finished at or after `keepSince` (and always the newest
 * one), and the WAL from the oldest kept copy's first segment on — and whatever a copy location
 * still lacks (heldForCopies: not for a location whose last batch failed). Two phases, like
 * storage/artifact-delete.ts: the rows are MARKED in one transaction (restores and the window stop
 * counting them at once), then each object is deleted, and only then its row. A crash or a failed
 * delete leaves a marked row, finished by the next prune — never an object nothing points to.
 */
export async function prunePitr(targetId: number, backend: StorageBackend, keep: { keepLast?: number; keepSince?: Date }): Promise<PitrPruneResult> {
  const done = listBaseBackups(targetId)
    .filter((b) => b.status === "success" && b.finishedAt)
    .sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime());
  const kept = done.filter((b, i) => i === 0 || ((keep.keepLast == null || i < keep.keepLast) && (keep.keepSince == null || b.finishedAt! >= keep.keepSince)));
  const keptIds = new Set(kept.map((b) => b.id));
  // What a copy location still lacks stays until it is copied (offsite-status.ts: heldForCopies).
  const held = heldForCopies(targetId);
  const dropBackups = listBaseBackups(targetId).filter((b) => !keptIds.has(b.id) && b.status !== "running" && !held.has(baseCopyName(b.id)));
  const oldest = kept.at(-1);
  const startSeg = oldest?.startWal && oldest.walSegSize ? parseSegmentName(oldest.startWal, oldest.walSegSize)!.segNo : null;
  const dropWal = oldest
    ? listWal(targetId).filter((w) => w.kind === "segment" && !held.has(w.name) && (w.timeline < oldest.timeline! || (w.timeline === oldest.timeline && startSeg != null && w.segNo! < startSeg)))
    : [];
  const at = now();
  getDb().transaction((tx) => {
    if (dropBackups.length) tx.update(pitrBaseBackups).set({ deletingAt: at }).where(inArray(pitrBaseBackups.id, dropBackups.map((b) => b.id))).run();
    if (dropWal.length) tx.update(pitrWal).set({ deletingAt: at }).where(and(eq(pitrWal.targetId, targetId), inArray(pitrWal.id, dropWal.map((w) => w.id)))).run();
  });
  const r = await finishPitrDeletes(targetId, backend);
  return { baseBackups: r.baseBackups, walFiles: r.walFiles, leftovers: r.leftovers };
}

/** Phase 2 for every marked row of a target: delete the object(s), then the row. */
export async function finishPitrDeletes(targetId: number, backend: StorageBackend): Promise<PitrPruneResult> {
  const db = getDb();
  const out: PitrPruneResult = { baseBackups: 0, walFiles: 0, leftovers: [] };
  const backups = db.select().from(pitrBaseBackups).where(and(eq(pitrBaseBackups.targetId, targetId), isNotNull(pitrBaseBackups.deletingAt))).all();
  for (const b of backups) {
    const failed: string[] = [];
    for (const f of b.files) await backend.delete(f.key).catch(() => failed.push(f.key));
    if (failed.length) out.leftovers.push(...failed);
    else {
      db.transaction((tx) => {
        tx.delete(pitrBaseBackups).where(eq(pitrBaseBackups.id, b.id)).run();
        if (b.runId != null) markBaseRunsPruned(tx, [b.runId]);
      });
      out.baseBackups++;
    }
  }
  const wal = db.select().from(pitrWal).where(and(eq(pitrWal.targetId, targetId), isNotNull(pitrWal.deletingAt))).all();
  for (const w of wal) {
    try {
      await backend.delete(w.key);
      db.delete(pitrWal).where(eq(pitrWal.id, w.id)).run();
      out.walFiles++;
    } catch {
      out.leftovers.push(w.key);
    }
  }
  return out;
}
