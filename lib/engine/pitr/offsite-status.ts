import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { tasks } from "../../db/schema";
import { pitrCopies } from "../../db/schema-pitr";
import { COPY_KIND } from "../copies/copy-rows";
import { copiesOfTarget } from "../copies/target-storage";
import { recordEvent } from "../events";
import { getLocation } from "../storage/locations";
import { pitrConfig } from "./config-rows";
import { baseCopyName, copiedPlanRows, countPendingPitrCopies, pendingPitrCopies, type PitrCopyParams } from "./offsite";
import { recoveryWindow } from "./status";

/** How far one copy location's PITR copy reaches (GET /api/v1/targets/{id} → pitr.copies). */
export interface PitrCopyStatus {
  storageId: number;
  storage: string;
  /** The newest WAL file copied there was complete at this time (null: none yet). */
  walTo: string | null;
  /** Any moment in this window can be restored from this location alone (null: not yet). */
  windowFrom: string | null;
  windowTo: string | null;
  baseBackups: number;
  walFiles: number;
  /** WAL files and base backups the PITR location holds that are not copied there yet. */
  pending: number;
  /** The last batch to this location failed with this (null: it succeeded, or none ran yet). */
  lastError: string | null;
}

function lastBatch(targetId: number, storageId: number): { status: string; error: string | null } | null {
  const rows = getDb()
    .select({ status: tasks.status, error: tasks.error, params: tasks.params })
    .from(tasks)
    .where(and(eq(tasks.kind, COPY_KIND), inArray(tasks.status, ["done", "failed"])))
    .orderBy(desc(tasks.id))
    .limit(500)
    .all();
  const hit = rows.find((r) => {
    const p = r.params as Partial<PitrCopyParams> | null;
    return p?.pitrTargetId === targetId && p.storageId === storageId;
  });
  return hit ? { status: hit.status, error: hit.error } : null;
}

export function pitrCopyStatus(targetId: number): PitrCopyStatus[] {
  const cfg = pitrConfig(targetId);
  return copiesOfTarget(targetId)
    .filter((c) => c.storageId !== cfg?.storageId)
    .map((c) => {
      const { backups, wal } = copiedPlanRows(targetId, c.storageId);
      const segs = wal.filter((w) => w.kind === "segment");
      const newest = segs.reduce<Date | null>((m, w) => (!m || w.receivedAt > m ? w.receivedAt : m), null);
      const w = recoveryWindow(backups, wal);
      const last = lastBatch(targetId, c.storageId);
      return {
        storageId: c.storageId,
        storage: getLocation(c.storageId)?.name ?? `#${c.storageId}`,
        walTo: newest?.toISOString() ?? null,
        windowFrom: w?.from.toISOString() ?? null,
        windowTo: w?.to.toISOString() ?? null,
        baseBackups: backups.length,
        walFiles: segs.length,
        pending: countPendingPitrCopies(targetId, c.storageId),
        lastError: last?.status === "failed" ? last.error : null,
      };
    });
}

/** One location from which a target with PITR off can still be restored (its copies, e.g. found by a rescan). */
export interface StoredPitrWindow {
  storageId: number;
  storage: string;
  windowFrom: string;
  windowTo: string;
}

/**
 * Every location holding PITR copies of the target whatever its settings, with the window that
 * location alone can restore: on a fresh console after a rescan the target has PITR off and no
 * copy locations, yet its base backups and WAL are in the location the kit named.
 */
export function storedPitrWindows(targetId: number): StoredPitrWindow[] {
  const ids = [...new Set(getDb().select({ storageId: pitrCopies.storageId }).from(pitrCopies).where(eq(pitrCopies.targetId, targetId)).all().map((r) => r.storageId))];
  const out: StoredPitrWindow[] = [];
  for (const storageId of ids.sort((a, b) => a - b)) {
    const { backups, wal } = copiedPlanRows(targetId, storageId);
    const w = recoveryWindow(backups, wal);
    if (w) out.push({ storageId, storage: getLocation(storageId)?.name ?? `#${storageId}`, windowFrom: w.from.toISOString(), windowTo: w.to.toISOString() });
  }
  return out;
}

/**
 * What the PITR location's retention must keep for the copy locations (WAL file names and
 * `base-<id>`): what a location still lacks, as run copies hold their run's artifact while
 * pending — except for a location whose last batch failed, so a broken location does not fill
 * the PITR location (it loses what it did not get in time; its status says so).
 */
export function heldForCopies(targetId: number): Set<string> {
  const cfg = pitrConfig(targetId);
  const held = new Set<string>();
  for (const c of copiesOfTarget(targetId)) {
    if (c.storageId === cfg?.storageId || lastBatch(targetId, c.storageId)?.status === "failed") continue;
    const p = pendingPitrCopies(targetId, c.storageId);
    for (const w of p.wal) held.add(w.name);
    for (const b of p.backups) held.add(baseCopyName(b.id));
  }
  return held;
}

/** A PITR batch failed: `copy.failed` like a run's copy (the payload says pitr), alerting the same way. */
export function recordPitrCopyFailure(targetId: number, storageId: number, error: string, at: Date): void {
  getDb().transaction((tx) =>
    recordEvent(tx, { type: "copy.failed", targetId, at, payload: { pitr: true, storageId, storage: getLocation(storageId, tx)?.name ?? null, error } }),
  );
}
