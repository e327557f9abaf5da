import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { resticRepos, storageLocations } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import type { Actor } from "../../auth/actor";
import { ConflictError, ForbiddenError, NotFoundError } from "../../errors";
import { repoRowOf, revealRepoPassword } from "../../engine/restic/repo-password";
import { requireStorageAdmin } from "../storage-locations/access";
import { recheckPassword } from "../recovery-kit/export";

/** A restic repository whose password nobody has seen yet. */
export interface UnshownRepoPassword {
  storageId: number;
  storageName: string;
  createdAt: string;
}

/**
 * Repositories Lifeboat created whose password was never shown: the storage page asks an admin to
 * print it (it is also in the recovery kit, which is what a new console imports).
 */
export function unshownResticPasswords(actor: Actor): UnshownRepoPassword[] {
  requireStorageAdmin(actor);
  return getDb()
    .select({ storageId: resticRepos.storageId, storageName: storageLocations.name, createdAt: resticRepos.createdAt })
    .from(resticRepos)
    .innerJoin(storageLocations, eq(storageLocations.id, resticRepos.storageId))
    .where(and(isNotNull(resticRepos.initializedAt), isNull(resticRepos.revealedAt)))
    .all()
    .map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/**
 * The password of a location's restic repository, shown ONCE for printing, to an admin in the
 * console who typed their own password again (a session left open must not hand it out). After
 * that it only leaves the console inside the recovery kit. Audited (never the password itself).
 */
export async function revealResticPassword(actor: Actor, storageId: number, password: string | undefined): Promise<{ password: string; storageName: string }> {
  requireStorageAdmin(actor);
  if (actor.type !== "user") throw new ForbiddenError("A restic repository's password is shown in the console (after typing your password), or inside the recovery kit");
  const db = getDb();
  const location = db.select({ name: storageLocations.name }).from(storageLocations).where(eq(storageLocations.id, storageId)).get();
  const row = repoRowOf(storageId);
  if (!location || !row) throw new NotFoundError(`Storage location ${storageId} has no restic repository`);
  if (row.revealedAt) {
    throw new ConflictError(`This password was shown on ${row.revealedAt.toISOString()} and is not shown again: it is in the recovery kit`);
  }
  await recheckPassword(actor, password);
  return db.transaction((tx) => {
    // Claimed inside the transaction: two tabs racing get one answer between them.
    const claimed = tx
      .update(resticRepos)
      .set({ revealedAt: new Date() })
      .where(and(eq(resticRepos.id, row.id), isNull(resticRepos.revealedAt)))
      .run();
    if (claimed.changes !== 1) throw new ConflictError("This password was just shown in another window: it is in the recovery kit");
    const clear = revealRepoPassword(storageId, tx)!;
    writeAudit(tx, actor, { action: "restic.password_reveal", entityType: "storage", entityId: storageId, after: { location: location.name } });
    return { password: clear, storageName: location.name };
  });
}
