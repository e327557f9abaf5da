import type { Actor } from "../../auth/actor";
import { loadTargetStatuses } from "../../engine/status/load-statuses";
import { statusSummary, type TargetStatusSummary } from "../../engine/status/status-summary";
import { listTargets } from "./list";
import { getTarget } from "./get";
import type { ListTargetsInput } from "./schemas";
import type { TargetDto } from "./dto";

export type { ActiveRunDto } from "../../engine/status/status-summary";

/** A target as the lists and its page show it: the definition plus THE status words from lib/engine/status. */
export type TargetOverview = TargetDto & TargetStatusSummary;

export function listTargetOverview(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): TargetOverview[] {
  const list = listTargets(actor, filter);
  const statuses = loadTargetStatuses(now, list.map((t) => t.id));
  return list.map((t) => ({ ...t, ...statusSummary(statuses.get(t.id)) }));
}

/** One target with its status words (target page, GET /api/v1/targets/{id}); 404 outside a token's apps. */
export function getTargetOverview(actor: Actor, id: number, now = new Date()): TargetOverview {
  const t = getTarget(actor, id);
  return { ...t, ...statusSummary(loadTargetStatuses(now, [id]).get(id)) };
}
