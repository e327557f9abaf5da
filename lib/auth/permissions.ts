import type { Role } from "../db/schema";
import { ForbiddenError } from "../errors";

/**
 * What each role may do. viewer: read everything; operator: + back up, restore, download;
 * admin: + manage apps, targets, schedules, users, tokens, settings, channels, audit.
 */
export const PERMISSIONS = {
  read: "viewer",
  "run.trigger": "operator",
  "run.cancel": "operator",
  "run.pin": "operator",
  "artifact.download": "operator",
  "artifact.upload": "operator",
  "restore.execute": "operator",
  "schedule.toggle": "operator",
  "report.write": "operator",
  manage: "admin",
  "audit.read": "admin",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) {
    throw new ForbiddenError(`Your role (${role}) does not allow this: it needs ${PERMISSIONS[permission]}`);
  }
}
