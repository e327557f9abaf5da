import { authenticate } from "../api/auth";
import { assertSameOrigin } from "../http/same-origin";
import type { Permission } from "./permissions";
import type { Actor } from "./actor";
import { requireActor } from "./session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The caller of a route handler that takes an API token or the session cookie. A bearer token is
 * not sent by browsers on their own, so only cookie callers of a state-changing method get the
 * origin check (lib/http/same-origin.ts).
 */
export async function sessionActorFor(request: Request, permission: Permission): Promise<Actor> {
  if (request.headers.get("authorization")) return authenticate(request, permission);
  if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request);
  return requireActor(permission);
}
