import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { authConfig } from "../../db/schema";

/** Sign-in settings live apart from the general settings, so their secrets never ride along there. */
export function readAuthConfig<T>(key: string, db: DbOrTx = getDb()): T | undefined {
  return db.select().from(authConfig).where(eq(authConfig.key, key)).get()?.value as T | undefined;
}

export function writeAuthConfig(tx: DbOrTx, key: string, value: unknown): void {
  const now = new Date();
  tx.insert(authConfig)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: authConfig.key, set: { value, updatedAt: now } })
    .run();
}
