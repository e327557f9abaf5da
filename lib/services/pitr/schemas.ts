import { z } from "zod";

/** `"pitr": { "enabled": true, "baseBackupEveryHours"?: 24 }` in a postgres target's body. */
export const pitrInput = z.object(
  {
    enabled: z.boolean("pitr.enabled: use true or false"),
    baseBackupEveryHours: z.coerce.number("Enter hours").int("Enter whole hours").min(1, "At least 1 hour").max(24 * 31, "At most 31 days").optional(),
  },
  "pitr must be an object like { \"enabled\": true }",
);
export type PitrInput = z.input<typeof pitrInput>;

const DB_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** POST /api/v1/targets/{id}/pitr/restore. */
export const pitrRestoreInput = z.object({
  targetTime: z.iso.datetime({ offset: true, message: "targetTime: an ISO 8601 time with a zone, e.g. 2026-12-02T14:03:00Z" }),
  destination: z.union(
    [
      z.object({ database: z.string().trim().regex(DB_NAME, "A database name: letters, digits and _ (at most 63, not starting with a digit)") }).strict(),
      z.literal("original"),
    ],
    'destination: { "database": "<new name>" } or "original"',
  ),
  /** The target's name, typed to confirm. */
  confirm: z.string("confirm: type the target's name"),
  keepServerMinutes: z.coerce.number().int().min(0).max(24 * 60, "At most 1440 minutes (a day)").optional(),
  /** Over the original, admins only: replace it even if the safety backup fails (audited as restore.override). */
  overrideSafety: z.boolean("overrideSafety: true or false").optional(),
  /**
   * Read base backup and WAL from this storage location (the PITR location or one of the
   * target's copy locations), as the archive restore's `storage`; default: the nearest that holds
   * the base backup and the whole WAL range.
   */
  storage: z.coerce.number().int().positive().optional(),
});
export type PitrRestoreInput = z.input<typeof pitrRestoreInput>;
