import { ForbiddenError } from "../errors";
import type { Actor } from "../audit/actor";
import { assertCan, type Permission } from "./permissions";

// Who is doing something is base data (the audit trail writes it, the engine's own rows use the
// scheduler/system actors); what an actor may do is decided here.
export { SCHEDULER, SYSTEM, actorId, actorLabel, type Actor } from "../audit/actor";

export function requirePermission(a: Actor, p: Permission): void {
  assertCan(a.role, p);
}

/** App scoping for API tokens limited to some apps; null means all apps. */
export function actorAppScope(a: Actor): number[] | null {
  return a.type === "token" ? a.appIds : null;
}

/** Whether this actor may see an app at all (tokens limited to some apps see only those). */
export function actorSeesApp(a: Actor, appId: number): boolean {
  const scope = actorAppScope(a);
  return scope === null || scope.includes(appId);
}

/**
 * Creating, renaming or deleting apps reaches beyond a token's apps (a new app is outside its
 * list; a name conflict would reveal another app), so a limited token may do none of it.
 */
export function assertAllApps(a: Actor, what: string): void {
  if (actorAppScope(a) !== null) throw new ForbiddenError(`An API token limited to some apps cannot ${what}`);
}
