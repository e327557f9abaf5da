import { and, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { apps, servers, targets } from "../../db/schema";
import { ConflictError, ValidationError } from "../../errors";
import { actorSeesApp, type Actor } from "../../auth/actor";

/** An app the actor cannot see (a token limited to other apps) is refused exactly like a missing one. */
export function assertAppExists(tx: DbOrTx, appId: number, actor: Actor): void {
  const app = actorSeesApp(actor, appId) ? tx.select({ id: apps.id }).from(apps).where(eq(apps.id, appId)).get() : undefined;
  if (!app) throw new ValidationError("Please fix the highlighted fields", { appId: `App ${appId} does not exist` });
}

/** A target name is unique within its app (case-insensitive: it becomes a folder name). */
export function assertTargetNameFree(tx: DbOrTx, appId: number, name: string, exceptId?: number): void {
  const same = and(eq(targets.appId, appId), sql`lower(${targets.name}) = lower(${name})`);
  const clash = tx
    .select({ id: targets.id })
    .from(targets)
    .where(exceptId ? and(same, ne(targets.id, exceptId)) : same)
    .get();
  if (clash) throw new ConflictError(`This app already has a target named "${name}"`, { name: "This name is taken in this app" });
}

/** A target's server must exist (null: Local). */
export function assertServerExists(tx: DbOrTx, serverId: number | null | undefined): void {
  if (serverId == null) return;
  const row = tx.select({ id: servers.id }).from(servers).where(eq(servers.id, serverId)).get();
  if (!row) throw new ValidationError("Please fix the highlighted fields", { serverId: `Server ${serverId} does not exist` });
}
