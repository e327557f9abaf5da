import { ForbiddenError } from "../../errors";
import type { Actor } from "../../auth/actor";

type UserActor = Extract<Actor, { type: "user" }>;

/** Account security is each user's own: the actor must be that user (admins reset, they do not enrol). */
export function requireSelf(actor: Actor): UserActor {
  if (actor.type !== "user") throw new ForbiddenError("Only a signed-in user can change their own sign-in factors");
  return actor;
}
