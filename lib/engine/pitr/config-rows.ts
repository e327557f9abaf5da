import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { pitrTargets, type PitrTarget } from "../../db/schema-pitr";

/** A target's PITR setting (pitr_targets); undefined when it was never turned on. */
export function pitrConfig(targetId: number, db: DbOrTx = getDb()): PitrTarget | undefined {
  return db.select().from(pitrTargets).where(eq(pitrTargets.targetId, targetId)).get();
}

export function enabledPitrTargets(db: DbOrTx = getDb()): PitrTarget[] {
  return db.select().from(pitrTargets).where(eq(pitrTargets.enabled, true)).all();
}

/**
 * Turn PITR on or off (in the caller's transaction, with its audit row). The WAL location is
 * fixed the first time it is turned on: stored WAL and base backups stay where they are.
 */
export function savePitrConfig(tx: DbOrTx, targetId: number, v: { enabled: boolean; baseEveryHours?: number; storageId: number }, at: Date): PitrTarget {
  const before = pitrConfig(targetId, tx);
  const row = {
    targetId,
    enabled: v.enabled,
    storageId: before?.storageId ?? v.storageId,
    baseEveryHours: v.baseEveryHours ?? before?.baseEveryHours ?? 24,
    enabledAt: v.enabled && !before?.enabled ? at : (before?.enabledAt ?? null),
    updatedAt: at,
  };
  return tx.insert(pitrTargets).values(row).onConflictDoUpdate({ target: pitrTargets.targetId, set: row }).returning().get();
}
