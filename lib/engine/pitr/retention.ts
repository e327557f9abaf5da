import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { pitrBaseBackups, pitrWal } from "../../db/schema-pitr";
import type { StorageBackend } from "../storage/backend";
import { listBaseBackups } from "./base-rows";
import { listWal } from "./wal-store";
import { parseSegmentName } from "./wal-names";

export interface PitrPruneResult {
  baseBackups: number;
  walFiles: number;
  /** Objects whose delete failed (their rows are gone: the storage sweep or the next prune retries nothing; they are garbage, not data). */
  leftovers: string[];
}

/**
 * Keep the newest `keepLast` base backups finished at or after `keepSince` (and always the newest
 * one), and the WAL from the oldest kept copy's first segment on. Rows go first, in one
 * transaction, then the objects: a crash in between leaves unreferenced objects, never a row that
 * promises a segment a restore would then not find.
 */
export async function prunePitr(targetId: number, backend: StorageBackend, keep: { keepLast?: number; keepSince?: Date }): Promise<PitrPruneResult> {
  const done = listBaseBackups(targetId)
    .filter((b) => b.status === "success" && b.finishedAt)
    .sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime());
  const kept = done.filter((b, i) => i === 0 || ((keep.keepLast == null || i < keep.keepLast) && (keep.keepSince == null || b.finishedAt! >= keep.keepSince)));
  const keptIds = new Set(kept.map((b) => b.id));
  const dropBackups = listBaseBackups(targetId).filter((b) => !keptIds.has(b.id) && b.status !== "running");
  const oldest = kept.at(-1);
  const startSeg = oldest?.startWal && oldest.walSegSize ? parseSegmentName(oldest.startWal, oldest.walSegSize)!.segNo : null;
  const dropWal = oldest
    ? listWal(targetId).filter((w) => w.kind === "segment" && (w.timeline < oldest.timeline! || (w.timeline === oldest.timeline && startSeg != null && w.segNo! < startSeg)))
    : [];
  getDb().transaction((tx) => {
    if (dropBackups.length) tx.delete(pitrBaseBackups).where(inArray(pitrBaseBackups.id, dropBackups.map((b) => b.id))).run();
    if (dropWal.length) tx.delete(pitrWal).where(and(eq(pitrWal.targetId, targetId), inArray(pitrWal.id, dropWal.map((w) => w.id)))).run();
  });
  const keys = [...dropBackups.flatMap((b) => b.files.map((f) => f.key)), ...dropWal.map((w) => w.key)];
  const leftovers: string[] = [];
  for (const key of keys) await backend.delete(key).catch(() => leftovers.push(key));
  return { baseBackups: dropBackups.length, walFiles: dropWal.length, leftovers };
}
