import type { ApiToken, Role } from "../../db/schema";
import { iso } from "../iso";

export interface TokenDto {
  id: number;
  name: string;
  role: Role;
  /** The first characters of the token, so a person can tell tokens apart. */
  prefix: string;
  appIds: number[] | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  /** active | expired | revoked */
  state: "active" | "expired" | "revoked";
}

export function tokenState(t: Pick<ApiToken, "revokedAt" | "expiresAt">, now = new Date()): TokenDto["state"] {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** Never return the row itself: it carries the token hash. */
export function toTokenDto(t: ApiToken, now = new Date()): TokenDto {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    prefix: t.prefix,
    appIds: t.appIds ?? null,
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
    createdAt: t.createdAt.toISOString(),
    state: tokenState(t, now),
  };
}
