import { and, desc, eq, inArray, max, min } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { events, targets } from "../../db/schema";
import { runCopies, targetCopies, targetStorage } from "../../db/schema-copies";
import { writeAudit } from "../../audit/write";
import { SCHEDULER } from "../../audit/actor";
import { recordEvent } from "../events";
import { DEFAULT_LAG_LIMIT_HOURS } from "./target-storage";

const HOUR = 3_600_000;

export interface CopyLag {
  targetId: number;
  limitHours: number;
  /** The newest copy in any copy location (copiedAt), or null when none was ever made. */
  newestCopyAt: Date | null;
  /** Since when a copy is wanted and none is newer: the newest copy, else the first copy queued. */
  since: Date | null;
  lagging: boolean;
}

/**
 * How far behind each target's copies are: a target with copy locations whose newest copy (in any
 * of them, still kept or pruned since) is older than its limit (target_storage.lag_limit_hours,
 * default 26 h) lags. A target that never had a copy queued does not lag (nothing to copy yet); one
 * whose copies all failed lags from its first queued copy. Disabled targets are left out.
 */
export function copyLags(now: Date, db: DbOrTx = getDb()): Map<number, CopyLag> {
  const withCopies = db.selectDistinct({ targetId: targetCopies.targetId }).from(targetCopies).innerJoin(targets, eq(targets.id, targetCopies.targetId)).where(eq(targets.enabled, true)).all().map((r) => r.targetId);
  const out = new Map<number, CopyLag>();
  if (withCopies.length === 0) return out;
  const limits = new Map(db.select().from(targetStorage).where(inArray(targetStorage.targetId, withCopies)).all().map((r) => [r.targetId, r.lagLimitHours]));
  const newest = new Map(
    db
      .select({ targetId: runCopies.targetId, at: max(runCopies.copiedAt) })
      .from(runCopies)
      .where(and(inArray(runCopies.targetId, withCopies), inArray(runCopies.status, ["copied", "pruning", "pruned"])))
      .groupBy(runCopies.targetId)
      .all()
      .map((r) => [r.targetId, r.at]),
  );
  const firstQueued = new Map(
    db
      .select({ targetId: runCopies.targetId, at: min(runCopies.queuedAt) })
      .from(runCopies)
      .where(inArray(runCopies.targetId, withCopies))
      .groupBy(runCopies.targetId)
      .all()
      .map((r) => [r.targetId, r.at]),
  );
  for (const targetId of withCopies) {
    const limitHours = limits.get(targetId) ?? DEFAULT_LAG_LIMIT_HOURS;
    const newestCopyAt = toDate(newest.get(targetId));
    const since = newestCopyAt ?? toDate(firstQueued.get(targetId));
    out.set(targetId, { targetId, limitHours, newestCopyAt, since, lagging: since !== null && now.getTime() - since.getTime() > limitHours * HOUR });
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
