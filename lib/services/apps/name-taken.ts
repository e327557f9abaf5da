import { and, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { apps } from "../../db/schema";
import { ConflictError } from "../../errors";

/** Names are unique regardless of case, so "Shop" and "shop" cannot both exist. */
export function assertAppNameFree(tx: DbOrTx, name: string, exceptId?: number): void {
  const same = sql`lower(${apps.name}) = lower(${name})`;
  const clash = tx
    .select({ id: apps.id })
    .from(apps)
    .where(exceptId ? and(same, ne(apps.id, exceptId)) : same)
    .get();
  if (clash) throw new ConflictError(`An app named "${name}" already exists`, { name: "This name is taken" });
}

