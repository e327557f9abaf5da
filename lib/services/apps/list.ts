import { asc, inArray, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { requirePermission, actorAppScope, type Actor } from "../../auth/actor";
import { toAppDto, type AppDto } from "./dto";

export function listApps(actor: Actor): AppDto[] {
  requirePermission(actor, "read");
  const scope = actorAppScope(actor);
  if (scope && scope.length === 0) return [];
  const count = sql<number>`(select count(*) from ${targets} where ${targets.appId} = ${apps.id})`;
  return getDb()
    .select({ app: apps, n: count })
    .from(apps)
    .where(scope ? inArray(apps.id, scope) : undefined)
    .orderBy(asc(apps.name))
    .all()
    .map((r) => toAppDto(r.app, r.n));
}

