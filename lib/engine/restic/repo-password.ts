import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { resticRepos, type ResticRepoRow } from "../../db/schema";
import { seal, unseal } from "../../crypto/secrets";
import { now } from "../clock";
import { generateRepoPassword } from "./repo";

/**
 * The repository password of a storage location, generated and sealed on first use. `created`
 * tells the caller it is new: the target service shows it once (for the recovery kit). Safe
 * against two callers at once: the unique index on storage_id keeps the first one's password.
 */
export function ensureRepoPassword(storageId: number, db: DbOrTx = getDb()): { password: string; created: boolean; row: ResticRepoRow } {
  const have = repoRowOf(storageId, db);
  if (have) return { password: unseal(have.passwordEnc), created: false, row: have };
  const password = generateRepoPassword();
  const inserted = db
    .insert(resticRepos)
    .values({ storageId, passwordEnc: seal(password) })
    .onConflictDoNothing()
    .returning()
    .all();
  if (inserted.length) return { password, created: true, row: inserted[0]! };
  const row = repoRowOf(storageId, db)!;
  return { password: unseal(row.passwordEnc), created: false, row };
}

export function repoRowOf(storageId: number, db: DbOrTx = getDb()): ResticRepoRow | undefined {
  return db.select().from(resticRepos).where(eq(resticRepos.storageId, storageId)).get();
}

export function markRepoInitialized(storageId: number, db: DbOrTx = getDb()): void {
  db.update(resticRepos).set({ initializedAt: now() }).where(eq(resticRepos.storageId, storageId)).run();
}

/** The password in clear for an admin (the service checks the role and audits); null when none yet. */
export function revealRepoPassword(storageId: number, db: DbOrTx = getDb()): string | null {
  const row = repoRowOf(storageId, db);
  if (!row) return null;
  db.update(resticRepos).set({ revealedAt: now() }).where(eq(resticRepos.id, row.id)).run();
  return unseal(row.passwordEnc);
}
