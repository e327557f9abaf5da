import { assertAllApps, requirePermission, type Actor } from "../../auth/actor";

/**
 * Storage locations hold every app's backups and the credentials to reach them: admins only, and
 * never a token limited to some apps (a location reaches beyond its apps).
 */
export function requireStorageAdmin(actor: Actor): void {
  requirePermission(actor, "manage");
  assertAllApps(actor, "manage storage locations");
}
