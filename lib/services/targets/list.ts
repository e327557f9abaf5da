import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { requirePermission, actorAppScope, type Actor } from "../../auth/actor";
import { listTargetsInput, type ListTargetsInput } from "./schemas";
import { targetStorageConfig } from "../../engine/copies/target-storage";
import { toTargetDto, type TargetDto } from "./dto";

/** Targets ordered by app then name, with the app name and the last-run summary. */
export function listTargets(actor: Actor, filter: ListTargetsInput = {}): TargetDto[] {
  requirePermission(actor, "read");
  const f = listTargetsInput.parse(filter);
  const scope = actorAppScope(actor);
  if (scope && scope.length === 0) return [];
  return getDb()
    .select({ target: targets, appName: apps.name })
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(
      and(
        f.appId ? eq(targets.appId, f.appId) : undefined,
        f.type ? eq(targets.type, f.type) : undefined,
        scope ? inArray(targets.appId, scope) : undefined,
      ),
    )
    .orderBy(asc(apps.name), asc(targets.name))
    .all()
    .map((r) => toTargetDto(r.target, r.appName, targetStorageConfig(r.target.id)));
}
