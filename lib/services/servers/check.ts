import { requirePermission, type Actor } from "../../auth/actor";
import { probeServer } from "../../engine/servers/probe";
import { getServer } from "./list";
import type { ServerDto } from "./dto";

/**
 * Connect now and look: reachable, tools with versions, free disk. A first check of a new server
 * fails on purpose with the host key it showed (`seenHostKey`), for an admin to confirm.
 */
export async function checkServer(actor: Actor, id: number): Promise<ServerDto> {
  requirePermission(actor, "manage");
  getServer(actor, id);
  await probeServer(id);
  return getServer(actor, id);
}
