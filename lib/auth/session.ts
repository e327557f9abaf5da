import { auth } from "./auth";
import { loadActiveUser } from "../services/auth/sign-in";
import { hasSecondFactor, roleNeedsSecondFactor } from "../services/auth/policy";
import { UnauthorizedError } from "../errors";
import type { Actor } from "./actor";
import { requirePermission } from "./actor";
import type { Permission } from "./permissions";
import { requestIp } from "./request";

type SessionState =
  | { kind: "none" }
  /** Signed in with one factor, but the role now requires two: not signed in until they sign in again. */
  | { kind: "second_factor_required" }
  | { kind: "active"; actor: Extract<Actor, { type: "user" }> };

/**
 * The session, checked against the database on every call: a role change, a disabled account or an
 * admin's password/2FA reset (which ends the sessions signed in before it) applies at once, and so
 * does an admin requiring a second factor for the user's role (a session that did not pass one
 * counts as no session at all: no page, action or route).
 */
export async function sessionState(): Promise<SessionState> {
  const session = (await auth()) as unknown as { uid?: number; amr?: string[]; authAt?: number } | null;
  if (!session?.uid) return { kind: "none" };
  const user = loadActiveUser(session.uid, session.authAt ?? 0);
  if (!user) return { kind: "none" };
  if (roleNeedsSecondFactor(user.role) && !hasSecondFactor(session.amr ?? [])) return { kind: "second_factor_required" };
  return { kind: "active", actor: { type: "user", id: user.id, email: user.email, role: user.role, ip: await requestIp() } };
}

/** The signed-in user as an Actor, or null when nobody is (fully) signed in. */
export async function currentActor(): Promise<Extract<Actor, { type: "user" }> | null> {
  const s = await sessionState();
  return s.kind === "active" ? s.actor : null;
}

/** For server actions and route handlers: the actor, checked for a permission. */
export async function requireActor(permission: Permission = "read"): Promise<Extract<Actor, { type: "user" }>> {
  const actor = await currentActor();
  if (!actor) throw new UnauthorizedError();
  requirePermission(actor, permission);
  return actor;
}
