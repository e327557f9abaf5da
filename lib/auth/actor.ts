import { ForbiddenError } from "../errors";
import type { Role } from "../db/schema";
import { assertCan, type Permission } from "./permissions";

/** Who is doing something. Services take this and write it to the audit trail. */
export type Actor =
  | { type: "user"; id: number; email: string; role: Role; ip?: string | null }
  | { type: "token"; id: number; name: string; role: Role; appIds: number[] | null; ip?: string | null }
  | { type: "cli"; label: string; role: "admin" }
  | { type: "scheduler"; role: "admin" }
  | { type: "system"; role: "admin" }
  | { type: "ping"; targetId: number; role: "operator"; ip?: string | null };

export const SCHEDULER: Actor = { type: "scheduler", role: "admin" };
export const SYSTEM: Actor = { type: "system", role: "admin" };

export function actorLabel(a: Actor): string {
  switch (a.type) {
    case "user":
      return a.email;
    case "token":
      return `token:${a.name}`;
    case "cli":
      return `cli:${a.label}`;
    case "ping":
      return `ping:target-${a.targetId}`;
    default:
      return a.type;
  }
}

export function actorId(a: Actor): number | null {
  return a.type === "user" || a.type === "token" ? a.id : null;
}

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
