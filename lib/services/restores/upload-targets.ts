import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";

export interface UploadTargetOption {
  id: number;
  label: string;
  type: string;
}

/** Targets an artifact can be uploaded to (restorable types), for the upload form. */
export function listUploadTargets(actor: Actor): UploadTargetOption[] {
  requirePermission(actor, "read");
  const scope = actorAppScope(actor);
  return getDb()
    .select({ id: targets.id, name: targets.name, type: targets.type, app: apps.name })
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(scope ? inArray(apps.id, scope.length ? scope : [-1]) : undefined)
    .orderBy(asc(apps.name), asc(targets.name))
    .all()
    .filter((t) => t.type !== "external")
    .map((t) => ({ id: t.id, label: `${t.app} / ${t.name} (${t.type})`, type: t.type }));
}
