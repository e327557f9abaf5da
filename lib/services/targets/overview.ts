import type { Actor } from "../../auth/actor";
import { readTargetSummaries } from "../../engine/status/stored";
import type { TargetStatusSummary } from "../../engine/status/status-summary";
import { listTargets } from "./list";
import { getTarget } from "./get";
import { serverNames } from "./server-names";
import type { ListTargetsInput } from "./schemas";
import type { TargetDto } from "./dto";

export type { ActiveRunDto } from "../../engine/status/status-summary";

/**
 * A target as the lists and its page show it: the definition plus THE status words, stored by
 * lib/engine/status (stored.ts), and the name of the server it runs on ("Local" for this machine).
 */
export type TargetOverview = TargetDto & TargetStatusSummary & { serverName: string };

const LOCAL = "Local";

export function listTargetOverview(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): TargetOverview[] {
  const list = listTargets(actor, filter);
  const statuses = readTargetSummaries(list.map((t) => t.id), now);
  const names = serverNames(list.map((t) => t.serverId));
  return list.map((t) => ({ ...t, ...statuses.get(t.id)!, serverName: t.serverId == null ? LOCAL : (names.get(t.serverId) ?? `server ${t.serverId}`) }));
}

/** One target with its status words (target page, GET /api/v1/targets/{id}); 404 outside a token's apps. */
export function getTargetOverview(actor: Actor, id: number, now = new Date()): TargetOverview {
  const t = getTarget(actor, id);
  const serverName = t.serverId == null ? LOCAL : (serverNames([t.serverId]).get(t.serverId) ?? `server ${t.serverId}`);
  return { ...t, ...readTargetSummaries([id], now).get(id)!, serverName };
}
