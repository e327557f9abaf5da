import { z } from "zod";
import { ROLES, type Role } from "../../db/schema";
import { roleAtLeast } from "../../auth/permissions";

export const roleMapEntry = z.object({ group: z.string().trim().min(1, "Enter the group name").max(200), role: z.enum(ROLES) });
export type RoleMapEntry = z.infer<typeof roleMapEntry>;
export const DEFAULT_ROLES = ["none", ...ROLES] as const;
export type DefaultRole = (typeof DEFAULT_ROLES)[number];

/** "backup-admins=admin,developers=operator" → entries (LIFEBOAT_OIDC_ROLE_MAP). */
export function parseRoleMap(s: string | undefined): RoleMapEntry[] {
  if (!s) return [];
  return s
    .split(",")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const i = pair.lastIndexOf("=");
      return roleMapEntry.parse({ group: pair.slice(0, i), role: pair.slice(i + 1).trim() });
    });
}

/** The groups claim as a list: an array of strings, or a single string for one group. */
export function groupsFromClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
  if (typeof value === "string" && value) return [value];
  return [];
}

/** The highest role any of the groups maps to; else the default role; null = refuse. */
export function roleForGroups(groups: string[], map: RoleMapEntry[], defaultRole: DefaultRole): Role | null {
  let best: Role | null = null;
  for (const { group, role } of map) {
    if (groups.includes(group) && (!best || roleAtLeast(role, best))) best = role;
  }
  return best ?? (defaultRole === "none" ? null : defaultRole);
}
