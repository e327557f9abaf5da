import { z } from "zod";
import type { DestinationInput } from "../engine/restore/destination";

/**
 * Where to restore, in the API's words: nothing = the original source; `database` another
 * database on the same server (PostgreSQL, MariaDB); `path` another SQLite file or folder, or for
 * Redis the data file of a stopped server; `url` another Redis server.
 */
export const apiDestination = z
  .strictObject({
    database: z.string().trim().min(1).max(63).optional(),
    path: z.string().trim().min(1).max(4096).optional(),
    url: z.string().trim().min(1).max(2048).optional(),
    /** Folder targets restored into the original: delete files that are not in the backup. */
    deleteExtra: z.boolean().optional(),
  })
  .refine((d) => [d.database, d.path, d.url].filter((v) => v !== undefined).length <= 1, "Give at most one of database, path, url")
  .refine((d) => !d.deleteExtra || (d.database === undefined && d.path === undefined && d.url === undefined), {
    message: "deleteExtra applies to the original folder only",
    path: ["deleteExtra"],
  });
export type ApiDestination = z.infer<typeof apiDestination>;

export function toDestinationInput(d: ApiDestination | undefined, targetType: string): DestinationInput {
  if (!d || (d.database === undefined && d.path === undefined && d.url === undefined)) return { mode: "original", deleteExtra: d?.deleteExtra };
  if (d.path !== undefined && targetType === "redis") return { mode: "rdb_file", path: d.path };
  return { mode: "alternate", database: d.database, path: d.path, url: d.url };
}

/** Read the artifact from this storage location (its primary's or a copy's; see `sources` in the preview); default the nearest healthy one. */
const apiStorageChoice = z.number("storage: a storage location id").int().positive().optional();

export const apiPreviewBody = z.strictObject({ destination: apiDestination.optional(), storage: apiStorageChoice });

export const apiRestoreBody = z.strictObject({
  /** The target's name, typed to confirm. */
  confirm: z.string("confirm: type the target's name").max(200),
  destination: apiDestination.optional(),
  /** Admin only: go on even if the safety backup fails (confirm counts as the name typed again). */
  overrideSafety: z.boolean().optional(),
  /** A restic run: only these paths of its snapshot, e.g. ["/cam1/2026-12-01"]. */
  include: z.array(z.string().min(1).max(4096)).max(100).optional(),
  storage: apiStorageChoice,
});

/** The restore service's field names → the API body's. */
export const RESTORE_FIELD_NAMES: Record<string, string> = {
  confirmName: "confirm",
  overrideConfirm: "confirm",
  database: "destination.database",
  path: "destination.path",
  url: "destination.url",
};
