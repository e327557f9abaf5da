import type { Actor } from "../../auth/actor";
import { readTargetSummaries } from "../../engine/status/stored";
import type { TargetStatusSummary } from "../../engine/status/status-summary";
import { listTargets } from "./list";
import { getTarget } from "./get";
import type { ListTargetsInput } from "./schemas";
import type { TargetDto } from "./dto";

export type { ActiveRunDto } from "../../engine/status/status-summary";

/** A target as the lists and its page show it: the definition plus THE status words, stored by lib/engine/status (stored.ts). */
export type TargetOverview = TargetDto & TargetStatusSummary;

export function listTargetOverview(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): TargetOverview[] {
  const list = listTargets(actor, filter);
  const statuses = readTargetSummaries(list.map((t) => t.id), now);
  return list.map((t) => ({ ...t, ...statuses.get(t.id)! }));
}

/** One target with its status words (target page, GET /api/v1/targets/{id}); 404 outside a token's apps. */
export function getTargetOverview(actor: Actor, id: number, now = new Date()): TargetOverview {
  const t = getTarget(actor, id);
  return { ...t, ...readTargetSummaries([id], now).get(id)! };
}
