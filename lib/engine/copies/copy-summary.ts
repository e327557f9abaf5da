import { and, count, eq, inArray } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { storageLocations } from "../../db/schema";
import { runCopies, targetCopies } from "../../db/schema-copies";
import { copyLags, OFFSITE_KINDS } from "./copy-lag";

// Kinds that put a copy on another machine (a local folder may be a NAS mount, but need not be).
export { OFFSITE_KINDS };

export interface TargetCopySummary {
  /** Each copy location of the target with how many copies it holds now. */
  locations: { storageId: number; name: string; kind: string; copies: number }[];
  /** At least one copy is held by an S3 or SFTP location. */
  offsite: boolean;
  /** The newest copy in any copy location (ISO), and whether it is older than the target's limit. */
  newestCopyAt: string | null;
  lagging: boolean;
  lagLimitHours: number;
}

/** For the dashboard: per target with copy locations, how many copies are kept where and how fresh the newest is. */
export function copySummaries(targetIds: number[], now: Date, db: DbOrTx = getDb()): Map<number, TargetCopySummary> {
  const out = new Map<number, TargetCopySummary>();
  if (targetIds.length === 0) return out;
  const locs = db
    .select({ targetId: targetCopies.targetId, storageId: targetCopies.storageId, name: storageLocations.name, kind: storageLocations.kind })
    .from(targetCopies)
    .innerJoin(storageLocations, eq(storageLocations.id, targetCopies.storageId))
    .where(inArray(targetCopies.targetId, targetIds))
    .orderBy(targetCopies.targetId, targetCopies.position)
    .all();
  if (locs.length === 0) return out;
  const counts = new Map(
    db
      .select({ targetId: runCopies.targetId, storageId: runCopies.storageId, n: count() })
      .from(runCopies)
      .where(and(inArray(runCopies.targetId, targetIds), eq(runCopies.status, "copied")))
      .groupBy(runCopies.targetId, runCopies.storageId)
      .all()
      .map((r) => [`${r.targetId}:${r.storageId}`, r.n]),
  );
  const lags = copyLags(now, db);
  for (const l of locs) {
    const lag = lags.get(l.targetId);
    const s = out.get(l.targetId) ?? { locations: [], offsite: false, newestCopyAt: lag?.newestCopyAt?.toISOString() ?? null, lagging: lag?.lagging ?? false, lagLimitHours: lag?.limitHours ?? 26 };
    const copies = counts.get(`${l.targetId}:${l.storageId}`) ?? 0;
    s.locations.push({ storageId: l.storageId, name: l.name, kind: l.kind, copies });
    if (copies > 0 && OFFSITE_KINDS.has(l.kind)) s.offsite = true;
    out.set(l.targetId, s);
  }
  return out;
}
