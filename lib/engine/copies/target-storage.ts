import { asc, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { targetCopies, targetStorage, type TargetCopy } from "../../db/schema-copies";
import type { StorageLocation } from "../../db/schema";
import type { RetentionPolicy } from "../retention/policy";
import { getLocation } from "../storage/locations";

/** The rules a copy location can keep by (hourly makes little sense for an offsite copy). */
export const COPY_RETENTION_KEYS = ["keepDays", "keepLast", "keepDaily", "keepWeekly", "keepMonthly", "keepYearly"] as const;
export type CopyRetention = Partial<Record<(typeof COPY_RETENTION_KEYS)[number], number | null>>;

export const DEFAULT_LAG_LIMIT_HOURS = 26;

export interface TargetStorageConfig {
  /** null = the default local location. */
  primary: number | null;
  copies: { storageId: number; retention: CopyRetention }[];
  lagLimitHours: number | null;
}

export function retentionOfCopy(c: TargetCopy): CopyRetention {
  return Object.fromEntries(COPY_RETENTION_KEYS.map((k) => [k, c[k] ?? null])) as CopyRetention;
}

export function copyPolicy(c: TargetCopy): RetentionPolicy {
  return { ...retentionOfCopy(c), keepHourly: null };
}

export function copiesOfTarget(targetId: number, db: DbOrTx = getDb()): TargetCopy[] {
  return db.select().from(targetCopies).where(eq(targetCopies.targetId, targetId)).orderBy(asc(targetCopies.position), asc(targetCopies.id)).all();
}

export function targetStorageConfig(targetId: number, db: DbOrTx = getDb()): TargetStorageConfig {
  const row = db.select().from(targetStorage).where(eq(targetStorage.targetId, targetId)).get();
  return {
    primary: row?.primaryStorageId ?? null,
    copies: copiesOfTarget(targetId, db).map((c) => ({ storageId: c.storageId, retention: retentionOfCopy(c) })),
    lagLimitHours: row?.lagLimitHours ?? null,
  };
}

/** The primary location a target chose, or null (the default local one: folder-location.ts decides). */
export function primaryLocationOf(targetId: number, db: DbOrTx = getDb()): StorageLocation | null {
  const row = db.select({ id: targetStorage.primaryStorageId }).from(targetStorage).where(eq(targetStorage.targetId, targetId)).get();
  return row?.id != null ? (getLocation(row.id, db) ?? null) : null;
}

/**
 * Replace a target's storage choice (inside the caller's transaction: the service audits it).
 * Fields absent from `next` keep their value; `copies`, when given, replaces the whole list.
 */
export function saveTargetStorage(tx: DbOrTx, targetId: number, next: Partial<TargetStorageConfig>): void {
  const cur = targetStorageConfig(targetId, tx);
  const primary = next.primary !== undefined ? next.primary : cur.primary;
  const lag = next.lagLimitHours !== undefined ? next.lagLimitHours : cur.lagLimitHours;
  tx.insert(targetStorage)
    .values({ targetId, primaryStorageId: primary, lagLimitHours: lag })
    .onConflictDoUpdate({ target: targetStorage.targetId, set: { primaryStorageId: primary, lagLimitHours: lag } })
    .run();
  if (next.copies === undefined) return;
  tx.delete(targetCopies).where(eq(targetCopies.targetId, targetId)).run();
  next.copies.forEach((c, position) => {
    const r = c.retention ?? {};
    tx.insert(targetCopies)
      .values({ targetId, storageId: c.storageId, position, ...Object.fromEntries(COPY_RETENTION_KEYS.map((k) => [k, r[k] ?? null])) })
      .run();
  });
}
