import { headers } from "next/headers";
import { auth } from "./auth";
import { loadActiveUser } from "../services/auth/sign-in";
import { UnauthorizedError } from "../errors";
import { clientIpFromHeaders } from "../net/client-ip";
import type { Actor } from "./actor";
import { requirePermission } from "./actor";
import type { Permission } from "./permissions";

/**
 * The signed-in user as an Actor, read fresh from the database on every call, so a role change
 * or a disabled account applies at once. Returns null when nobody is signed in.
 */
export async function currentActor(): Promise<Extract<Actor, { type: "user" }> | null> {
  const session = await auth();
  const uid = (session as unknown as { uid?: number } | null)?.uid;
  if (!uid) return null;
  const user = loadActiveUser(uid);
  if (!user) return null;
  const ip = clientIpFromHeaders(await headers());
  return { type: "user", id: user.id, email: user.email, role: user.role, ip };
}

/** For server actions and route handlers: the actor, checked for a permission. */
export async function requireActor(permission: Permission = "read"): Promise<Extract<Actor, { type: "user" }>> {
  const actor = await currentActor();
  if (!actor) throw new UnauthorizedError();
  requirePermission(actor, permission);
  return actor;
}
