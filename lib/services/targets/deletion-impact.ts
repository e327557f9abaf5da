import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, targets } from "../../db/schema";
import { runCopies } from "../../db/schema-copies";
import { requirePermission, type Actor } from "../../auth/actor";
import { activeWorkOf, type ActiveWork } from "./active-work";

/** What the delete dialog tells before deleting: the files at stake and what blocks it now. */
export interface DeletionImpact {
  artifacts: number;
  /** Of those, restic snapshots (in the primary repository or copied): deleting them is `restic forget`. */
  snapshots: number;
  bytes: number;
  blockers: ActiveWork[];
}

function impactOf(targetIds: number[]): DeletionImpact {
  const db = getDb();
  if (targetIds.length === 0) return { artifacts: 0, snapshots: 0, bytes: 0, blockers: [] };
  const r = db
    .select({ n: sql<number>`count(*)`, bytes: sql<number | null>`sum(${runs.sizeBytes})` })
    .from(runs)
    .where(and(inArray(runs.targetId, targetIds), eq(runs.artifactState, "present")))
    .get();
  // Copies kept in copy locations go with them (listed as orphans, or deleted with the files).
  const c = db
    .select({ n: sql<number>`count(*)`, bytes: sql<number | null>`sum(${runCopies.sizeBytes})` })
    .from(runCopies)
    .where(and(inArray(runCopies.targetId, targetIds), inArray(runCopies.status, ["copied", "pruning", "copying"]), isNotNull(runCopies.key)))
    .get();
  // Restic snapshots, in the primary repository and copied into copy locations' (forgotten with the files).
  const sr = db
    .select({ n: sql<number>`count(*)`, bytes: sql<number | null>`sum(${runs.sizeBytes})` })
    .from(runs)
    .where(and(inArray(runs.targetId, targetIds), eq(runs.artifactState, "snapshot"), isNotNull(runs.storageId)))
    .get();
  const sc = db
    .select({ n: sql<number>`count(*)`, bytes: sql<number | null>`sum(${runCopies.sizeBytes})` })
    .from(runCopies)
    .where(and(inArray(runCopies.targetId, targetIds), inArray(runCopies.status, ["copied", "pruning"]), isNotNull(runCopies.snapshotId)))
    .get();
  const all = [r, c, sr, sc];
  return { artifacts: all.reduce((n, x) => n + (x?.n ?? 0), 0), snapshots: (sr?.n ?? 0) + (sc?.n ?? 0), bytes: all.reduce((n, x) => n + (x?.bytes ?? 0), 0), blockers: activeWorkOf(db, targetIds) };
}

export function targetDeletionImpact(actor: Actor, targetId: number): DeletionImpact {
  requirePermission(actor, "manage");
  return impactOf([targetId]);
}

export function appDeletionImpact(actor: Actor, appId: number): DeletionImpact {
  requirePermission(actor, "manage");
  const ids = getDb().select({ id: targets.id }).from(targets).where(eq(targets.appId, appId)).all().map((t) => t.id);
  return impactOf(ids);
}
