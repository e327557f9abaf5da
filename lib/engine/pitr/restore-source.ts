import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { pitrCopies, type PitrBaseBackup, type PitrWal } from "../../db/schema-pitr";
import { ValidationError } from "../../errors";
import { copiesOfTarget } from "../copies/target-storage";
import type { StorageBackend } from "../storage/backend";
import { backendFor, getLocation } from "../storage/locations";
import { listBaseBackups } from "./base-rows";
import { pitrConfig } from "./config-rows";
import { copiedPlanRows, copyReader } from "./offsite";
import { PitrPlanError, planPitrRestore, type PitrRestorePlan } from "./restore-plan";
import { listWal } from "./wal-store";

/**
 * Where a point-in-time restore reads its base backup and WAL: the PITR location (the target's
 * primary when PITR was turned on) or one of the target's copy locations (pitr_copies).
 */
export interface PitrSource {
  storageId: number | null;
  /** For the log and errors: `the PITR location "Local"`, `the copy location "Offsite S3"`. */
  label: string;
  backups: PitrBaseBackup[];
  wal: PitrWal[];
  reader: Pick<StorageBackend, "open" | "stat">;
}

/** The PITR location's rows, read through `backend`. */
export function primarySource(targetId: number, backend: Pick<StorageBackend, "open" | "stat">, storageId: number | null = null, name = "PITR"): PitrSource {
  return { storageId, label: `the PITR location "${name}"`, backups: listBaseBackups(targetId), wal: listWal(targetId), reader: backend };
}

/** Every place a target's PITR files are kept, nearest first: the PITR location, then the copy locations in their order. */
export function pitrSources(targetId: number, signal?: AbortSignal): PitrSource[] {
  const cfg = pitrConfig(targetId);
  const out: PitrSource[] = [];
  const primary = cfg?.storageId != null ? getLocation(cfg.storageId) : undefined;
  if (primary) out.push(primarySource(targetId, backendFor(primary), primary.id, primary.name));
  for (const c of copiesOfTarget(targetId)) {
    if (c.storageId === cfg?.storageId) continue;
    const loc = getLocation(c.storageId);
    if (!loc) continue;
    out.push({ storageId: loc.id, label: `the copy location "${loc.name}"`, ...copiedPlanRows(targetId, loc.id), reader: copyReader(loc, signal) });
  }
  // Locations that hold copies without being a copy location of the target (any more): what a
  // rescan found for a target this console did not stream (copy-index.ts), or a removed copy location.
  const listed = new Set(out.map((s) => s.storageId));
  const held = getDb().selectDistinct({ storageId: pitrCopies.storageId }).from(pitrCopies).where(eq(pitrCopies.targetId, targetId)).orderBy(asc(pitrCopies.storageId)).all();
  for (const { storageId } of held) {
    if (listed.has(storageId)) continue;
    const loc = getLocation(storageId);
    if (!loc) continue;
    out.push({ storageId: loc.id, label: `the copy location "${loc.name}"`, ...copiedPlanRows(targetId, loc.id), reader: copyReader(loc, signal) });
  }
  return out;
}

/** Planned objects a location no longer holds (a deleted folder, a lifecycle rule), a few stats at a time. */
export async function missingPlannedObjects(source: PitrSource, plan: PitrRestorePlan, parallel = 8): Promise<string[]> {
  const keys = [...plan.backup.files.map((f) => f.key), ...plan.history.map((w) => w.key), ...plan.segments.filter((w) => w.kind !== "partial").map((w) => w.key)];
  const missing: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      const st = await source.reader.stat(key).catch(() => null);
      if (!st) missing.push(key);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, keys.length) }, worker));
  return missing.sort();
}

/**
 * The source a restore to `targetTime` reads: `storageId` when asked (that location must hold a
 * base backup and the whole WAL range), otherwise the nearest that does — the PITR location
 * first, then each copy location. Checked before anything is touched: the plan (base backup and
 * every segment recorded) and that each planned object is still there (a stat). When none can,
 * the error says why for each.
 */
export async function choosePitrSource(targetId: number, targetTime: Date, opts: { storageId?: number | null; signal?: AbortSignal } = {}): Promise<{ source: PitrSource; plan: PitrRestorePlan }> {
  let sources = pitrSources(targetId, opts.signal);
  if (opts.storageId != null) {
    sources = sources.filter((s) => s.storageId === opts.storageId);
    if (!sources.length) throw new ValidationError(`Storage location ${opts.storageId} is neither this target's PITR location nor one of its copy locations`, { storage: "Not a location of this target" });
  }
  if (!sources.length) throw new PitrPlanError("This target has no PITR location");
  const reasons: string[] = [];
  for (const source of sources) {
    let plan: PitrRestorePlan;
    try {
      plan = planPitrRestore(targetTime, source.backups, source.wal);
    } catch (e) {
      if (!(e instanceof PitrPlanError)) throw e;
      reasons.push(sources.length > 1 ? `${source.label}: ${e.message}` : e.message);
      continue;
    }
    const missing = await missingPlannedObjects(source, plan);
    if (missing.length) {
      reasons.push(`${sources.length > 1 ? `${source.label}: ` : ""}${missing.length} planned file(s) are gone from ${source.label} (first: ${missing[0]})`);
      continue;
    }
    return { source, plan };
  }
  throw new PitrPlanError(reasons.join("; "));
}
