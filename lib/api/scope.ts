import { actorAppScope, type Actor } from "../auth/actor";
import { NotFoundError } from "../errors";

/**
 * Tokens limited to some apps must not even learn that other apps' targets or runs exist, so
 * an out-of-scope object answers 404 exactly like a missing one (not 403).
 */
export function appVisible(actor: Actor, appId: number): boolean {
  const scope = actorAppScope(actor);
  return scope === null || scope.includes(appId);
}

export function assertAppVisible(actor: Actor, appId: number, what: string): void {
  if (!appVisible(actor, appId)) throw new NotFoundError(`${what} not found`);
}
