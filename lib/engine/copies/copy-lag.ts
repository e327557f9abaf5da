import { and, desc, eq, inArray, isNull, max, min, ne } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { events, storageLocations, targets } from "../../db/schema";
import { runCopies, targetCopies, targetStorage } from "../../db/schema-copies";
import { pitrCopies, pitrTargets, pitrWal } from "../../db/schema-pitr";
import { writeAudit } from "../../audit/write";
import { SCHEDULER } from "../../audit/actor";
import { recordEvent } from "../events";
import { DEFAULT_LAG_LIMIT_HOURS } from "./target-storage";

const HOUR = 3_600_000;

/** Storage kinds that leave this machine: a copy there survives the server. */
export const OFFSITE_KINDS = new Set(["s3", "sftp"]);

export interface CopyLag {
  targetId: number;
  limitHours: number;
  /** The newest copy (copiedAt) in the locations that count (the offsite ones when there are any), or null when none was ever made. */
  newestCopyAt: Date | null;
  /** Since when a copy is wanted and none is newer: the newest copy, else the first copy queued. */
  since: Date | null;
  lagging: boolean;
  /**
   * PITR (issue 15): the copy locations whose WAL reach (newest WAL file copied there, by the
   * time it was complete) is more than the limit behind the PITR location's newest WAL file.
   */
  pitrLagging: PitrCopyLag[];
}

export interface PitrCopyLag {
  storageId: number;
  /** Newest WAL file copied there (null: none yet — counted from the PITR location's oldest). */
  walTo: Date | null;
  primaryWalTo: Date;
  lagHours: number;
}

/**
 * How far behind each target's copies are: a target with copy locations whose newest copy (in its
 * offsite ones, S3 and SFTP, when it has any, else in any of them; still kept or pruned since) is older than its limit (target_storage.lag_limit_hours,
 * default 26 h) lags. A target that never had a copy queued does not lag (nothing to copy yet); one
 * whose copies all failed lags from its first queued copy. Disabled targets are left out.
 */
export function copyLags(now: Date, db: DbOrTx = getDb()): Map<number, CopyLag> {
  const copyLocs = db
    .select({ targetId: targetCopies.targetId, storageId: targetCopies.storageId, kind: storageLocations.kind })
    .from(targetCopies)
    .innerJoin(targets, eq(targets.id, targetCopies.targetId))
    .innerJoin(storageLocations, eq(storageLocations.id, targetCopies.storageId))
    .where(eq(targets.enabled, true))
    .all();
  const withCopies = [...new Set(copyLocs.map((r) => r.targetId))];
  const out = new Map<number, CopyLag>();
  if (withCopies.length === 0) return out;
  // The locations whose age counts: the offsite ones (S3, SFTP) when the target has any, else all
  // its copy locations (a NAS folder is then the copy that leaves the server).
  const counted = new Map<number, Set<number>>();
  for (const targetId of withCopies) {
    const mine = copyLocs.filter((r) => r.targetId === targetId);
    const offsite = mine.filter((r) => OFFSITE_KINDS.has(r.kind));
    counted.set(targetId, new Set((offsite.length ? offsite : mine).map((r) => r.storageId)));
  }
  const counts = (r: { targetId: number; storageId: number }) => counted.get(r.targetId)?.has(r.storageId) ?? false;
  const limits = new Map(db.select().from(targetStorage).where(inArray(targetStorage.targetId, withCopies)).all().map((r) => [r.targetId, r.lagLimitHours]));
  const newest = latestPer(
    db
      .select({ targetId: runCopies.targetId, storageId: runCopies.storageId, at: max(runCopies.copiedAt) })
      .from(runCopies)
      .where(and(inArray(runCopies.targetId, withCopies), inArray(runCopies.status, ["copied", "pruning", "pruned"])))
      .groupBy(runCopies.targetId, runCopies.storageId)
      .all()
      .filter(counts),
    (a, b) => a > b,
  );
  const firstQueued = latestPer(
    db
      .select({ targetId: runCopies.targetId, storageId: runCopies.storageId, at: min(runCopies.queuedAt) })
      .from(runCopies)
      .where(inArray(runCopies.targetId, withCopies))
      .groupBy(runCopies.targetId, runCopies.storageId)
      .all()
      .filter(counts),
    (a, b) => a < b,
  );
  for (const targetId of withCopies) {
    const limitHours = limits.get(targetId) ?? DEFAULT_LAG_LIMIT_HOURS;
    const newestCopyAt = toDate(newest.get(targetId));
    const since = newestCopyAt ?? toDate(firstQueued.get(targetId));
    const archiveLagging = since !== null && now.getTime() - since.getTime() > limitHours * HOUR;
    out.set(targetId, { targetId, limitHours, newestCopyAt, since, lagging: archiveLagging, pitrLagging: [] });
  }
  for (const lag of pitrCopyLags(db, copyLocs, limits)) {
    const t = out.get(lag.targetId)!;
    t.pitrLagging.push(lag);
    t.lagging = true;
  }
  return out;
}

/**
 * PITR copies that lag: for each target streaming WAL (PITR on) with copy locations, every copy
 * location whose newest copied WAL file is more than the target's limit older than the PITR
 * location's newest (complete) one. Measured against the primary, not the clock: a stream that
 * stopped is `pitr.stopped`'s business, not a lagging copy's. A location that has none yet counts
 * from the PITR location's oldest WAL file.
 */
function pitrCopyLags(db: DbOrTx, copyLocs: { targetId: number; storageId: number }[], limits: Map<number, number | null>): (PitrCopyLag & { targetId: number })[] {
  const ids = [...new Set(copyLocs.map((r) => r.targetId))];
  const on = db.select({ targetId: pitrTargets.targetId, storageId: pitrTargets.storageId }).from(pitrTargets).where(and(inArray(pitrTargets.targetId, ids), eq(pitrTargets.enabled, true))).all();
  if (!on.length) return [];
  const pitrIds = on.map((r) => r.targetId);
  const primary = new Map(
    db
      .select({ targetId: pitrWal.targetId, newest: max(pitrWal.receivedAt), oldest: min(pitrWal.receivedAt) })
      .from(pitrWal)
      .where(and(inArray(pitrWal.targetId, pitrIds), ne(pitrWal.kind, "partial"), isNull(pitrWal.deletingAt)))
      .groupBy(pitrWal.targetId)
      .all()
      .map((r) => [r.targetId, { newest: toDate(r.newest), oldest: toDate(r.oldest) }]),
  );
  const copied = new Map(
    db
      .select({ targetId: pitrCopies.targetId, storageId: pitrCopies.storageId, at: max(pitrCopies.receivedAt) })
      .from(pitrCopies)
      .where(and(inArray(pitrCopies.targetId, pitrIds), ne(pitrCopies.kind, "base"), isNull(pitrCopies.deletingAt)))
      .groupBy(pitrCopies.targetId, pitrCopies.storageId)
      .all()
      .map((r) => [`${r.targetId}:${r.storageId}`, toDate(r.at)]),
  );
  const out: (PitrCopyLag & { targetId: number })[] = [];
  for (const { targetId, storageId: pitrStorage } of on) {
    const p = primary.get(targetId);
    if (!p?.newest || !p.oldest) continue;
    const limitHours = limits.get(targetId) ?? DEFAULT_LAG_LIMIT_HOURS;
    for (const c of copyLocs.filter((r) => r.targetId === targetId && r.storageId !== pitrStorage)) {
      const walTo = copied.get(`${targetId}:${c.storageId}`) ?? null;
      const behind = p.newest.getTime() - (walTo ?? p.oldest).getTime();
      if (behind > limitHours * HOUR) out.push({ targetId, storageId: c.storageId, walTo, primaryWalTo: p.newest, lagHours: Math.round((behind / HOUR) * 10) / 10 });
    }
  }
  return out;
}

/** Per target, the row's time that `better` prefers (the newest or the first) across its counted locations. */
function latestPer(rows: { targetId: number; at: unknown }[], better: (a: number, b: number) => boolean): Map<number, Date> {
  const out = new Map<number, Date>();
  for (const r of rows) {
    const at = toDate(r.at);
    if (!at) continue;
    const had = out.get(r.targetId);
    if (!had || better(at.getTime(), had.getTime())) out.set(r.targetId, at);
  }
  return out;
}

// max()/min() over a timestamp column come back as the stored number.
function toDate(v: unknown): Date | null {
  if (v == null) return null;
  return v instanceof Date ? v : new Date(typeof v === "number" ? v : String(v));
}

/** Whether a copy.lagging episode is open for the target: its last copy.lagging is not followed by a copy.recovered. */
function episodeOpen(db: DbOrTx, targetId: number): boolean {
  const last = db
    .select({ type: events.type })
    .from(events)
    .where(and(eq(events.targetId, targetId), inArray(events.type, ["copy.lagging", "copy.recovered"])))
    .orderBy(desc(events.id))
    .get();
  return last?.type === "copy.lagging";
}

export interface LagTransitions {
  lagging: number[];
  recovered: number[];
}

/**
 * Like the overdue transitions (scheduler/overdue-transitions.ts): one `copy.lagging` event per
 * episode when a target's newest copy passes its limit, one `copy.recovered` when a newer copy
 * arrives (or the target no longer lags: copy locations removed, limit raised). The episode's
 * state is the last of those two events; the check and the insert share one IMMEDIATE
 * transaction, so two scheduler processes never record the same transition twice.
 */
export function applyCopyLagTransitions(now: Date): LagTransitions {
  const db = getDb();
  const out: LagTransitions = { lagging: [], recovered: [] };
  const lags = copyLags(now, db);
  const open = db
    .selectDistinct({ targetId: events.targetId })
    .from(events)
    .where(eq(events.type, "copy.lagging"))
    .all()
    .map((r) => r.targetId!)
    .filter((id) => id != null);
  for (const targetId of new Set([...lags.keys(), ...open])) {
    const lag = lags.get(targetId);
    const lagging = lag?.lagging ?? false;
    db.transaction(
      (tx) => {
        const isOpen = episodeOpen(tx, targetId);
        if (lagging === isOpen) return;
        const payload = {
          limitHours: lag?.limitHours ?? null,
          newestCopyAt: lag?.newestCopyAt?.toISOString() ?? null,
          ageHours: lag?.since ? Math.round(((now.getTime() - lag.since.getTime()) / HOUR) * 10) / 10 : null,
          ...(lag?.pitrLagging.length
            ? { pitr: lag.pitrLagging.map((p) => ({ storageId: p.storageId, walTo: p.walTo?.toISOString() ?? null, primaryWalTo: p.primaryWalTo.toISOString(), lagHours: p.lagHours })) }
            : {}),
        };
        const type = lagging ? "copy.lagging" : "copy.recovered";
        recordEvent(tx, { type, targetId, payload, at: now });
        writeAudit(tx, SCHEDULER, { action: type, entityType: "target", entityId: targetId, after: payload }, now);
        (lagging ? out.lagging : out.recovered).push(targetId);
      },
      { behavior: "immediate" },
    );
  }
  return out;
}
