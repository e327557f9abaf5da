import { z } from "zod";
import type { DbOrTx } from "../../db/client";
import { ValidationError } from "../../errors";
import { getLocation } from "../../engine/storage/locations";
import { COPY_RETENTION_KEYS, saveTargetStorage, targetStorageConfig, type TargetStorageConfig } from "../../engine/copies/target-storage";

// Forms send "" for an empty number box: that means "no rule" (null), not 0.
const count = z.preprocess(
  (v) => (v === "" || v === null ? null : typeof v === "string" ? Number(v) : v),
  z.number("Enter a whole number").int("Enter a whole number").min(0, "Use 0 or more").max(100_000, "Too large").nullable(),
);
const id = z.preprocess((v) => (v === "" || v === null ? null : typeof v === "string" ? Number(v) : v), z.number("Choose a storage location").int().positive().nullable());

const copyRetention = z.object(Object.fromEntries(COPY_RETENTION_KEYS.map((k) => [k, count.optional()])) as Record<(typeof COPY_RETENTION_KEYS)[number], z.ZodOptional<typeof count>>);

/**
 * `storage` of the target body: the primary location (null/absent = the default local one) and
 * the copy locations, each with its own retention; `lagLimitHours` is when copy.lagging fires.
 */
export const storageInput = z.object({
  primary: id.optional(),
  copies: z
    .array(z.object({ storageId: id.pipe(z.number("Choose a storage location")), retention: copyRetention.optional() }))
    .max(10, "At most 10 copy locations")
    .optional(),
  lagLimitHours: count.optional(),
});
export type StorageInput = z.output<typeof storageInput>;

/** Every location named must exist, the primary is no copy, and no location is named twice. */
export function checkStorageChoice(db: DbOrTx, s: StorageInput): void {
  const errors: Record<string, string> = {};
  if (s.primary != null && !getLocation(s.primary, db)) errors["storage.primary"] = `Storage location ${s.primary} does not exist`;
  const seen = new Set<number>();
  (s.copies ?? []).forEach((c, i) => {
    const key = `storage.copies.${i}.storageId`;
    if (!getLocation(c.storageId, db)) errors[key] = `Storage location ${c.storageId} does not exist`;
    else if (c.storageId === s.primary) errors[key] = "The primary location cannot also be a copy";
    else if (seen.has(c.storageId)) errors[key] = "This location is listed twice";
    seen.add(c.storageId);
  });
  if (s.lagLimitHours === 0) errors["storage.lagLimitHours"] = "Use 1 hour or more";
  if (Object.keys(errors).length) throw new ValidationError("Please fix the highlighted fields", errors);
}

/** Check and save (in the service's transaction). */
export function applyStorageInput(tx: DbOrTx, targetId: number, s: StorageInput | undefined): void {
  if (!s) return;
  const cur = targetStorageConfig(targetId, tx);
  const primary = s.primary !== undefined ? s.primary : cur.primary;
  checkStorageChoice(tx, { ...s, primary, copies: s.copies ?? cur.copies });
  const next: Partial<TargetStorageConfig> = { primary };
  if (s.copies) next.copies = s.copies.map((c) => ({ storageId: c.storageId, retention: c.retention ?? {} }));
  if (s.lagLimitHours !== undefined) next.lagLimitHours = s.lagLimitHours;
  saveTargetStorage(tx, targetId, next);
}
