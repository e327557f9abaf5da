import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";

export interface AppTargetChoices {
  apps: { id: number; name: string }[];
  targets: { id: number; name: string; appId: number; appName: string }[];
}

/** Apps and targets to pick from in filters and forms (only those the actor may see). */
export function appTargetChoices(actor: Actor): AppTargetChoices {
  requirePermission(actor, "read");
  const scope = actorAppScope(actor);
  const db = getDb();
  const appRows = db
    .select({ id: apps.id, name: apps.name })
    .from(apps)
    .where(scope ? inArray(apps.id, scope) : undefined)
    .orderBy(asc(apps.name))
    .all();
  const targetRows = db
    .select({ id: targets.id, name: targets.name, appId: targets.appId, appName: apps.name })
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(scope ? inArray(targets.appId, scope) : undefined)
    .orderBy(asc(apps.name), asc(targets.name))
    .all();
  return { apps: appRows, targets: targetRows };
}
