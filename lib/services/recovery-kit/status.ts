import { desc } from "drizzle-orm";
import { getDb } from "../../db/client";
import { recoveryKitExports } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { listLocations } from "../../engine/storage/locations";

export interface KitStatus {
  /** True when the banner should ask for a (new) kit. */
  needed: boolean;
  lastExportAt: string | null;
  lastChangeAt: string | null;
}

/**
 * Whether admins should download a recovery kit: some location is offsite or encrypted (its
 * credentials or keys die with this server) and none was taken since the last location change.
 * Non-admins never see the banner.
 */
export function recoveryKitStatus(actor: Actor): KitStatus {
  const none = { needed: false, lastExportAt: null, lastChangeAt: null };
  if (actor.role !== "admin") return none;
  const db = getDb();
  const locs = listLocations(db);
  const changed = Math.max(0, ...locs.map((l) => (l.updatedAt ?? l.createdAt).getTime()));
  const last = db.select().from(recoveryKitExports).orderBy(desc(recoveryKitExports.createdAt), desc(recoveryKitExports.id)).limit(1).get();
  const matters = locs.some((l) => l.kind !== "local" || l.encryption === "age");
  return {
    needed: matters && (!last || last.createdAt.getTime() < changed),
    lastExportAt: last ? last.createdAt.toISOString() : null,
    lastChangeAt: changed ? new Date(changed).toISOString() : null,
  };
}
