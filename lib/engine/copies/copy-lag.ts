import { and, desc, eq, inArray, max, min } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { events, storageLocations, targets } from "../../db/schema";
import { runCopies, targetCopies, targetStorage } from "../../db/schema-copies";
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
    out.set(targetId, { targetId, limitHours, newestCopyAt, since, lagging: since !== null && now.getTime() - since.getTime() > limitHours * HOUR });
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
