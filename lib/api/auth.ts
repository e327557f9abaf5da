import { requirePermission } from "../auth/actor";
import { clientIpFromHeaders } from "../net/client-ip";
import type { Permission } from "../auth/permissions";
import { verifyToken, type TokenActor } from "../services/tokens/verify";

/** The caller's IP: the socket address, or X-Forwarded-For from a trusted proxy (lib/net/client-ip.ts). */
export function clientIp(request: Request): string | null {
  return clientIpFromHeaders(request.headers);
}

function bearer(request: Request): string | null {
  const h = request.headers.get("authorization");
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : null;
}

/**
 * The API caller as an Actor {type:"token"}; throws UnauthorizedError (→ 401) for a missing,
 * invalid, revoked or expired token. With a permission, also checks the role (→ 403) exactly
 * as the UI does; the services check again, this only fails fast.
 */
export function authenticate(request: Request, permission?: Permission): TokenActor {
  const actor = verifyToken(bearer(request), clientIp(request));
  if (permission) requirePermission(actor, permission);
  return actor;
}
