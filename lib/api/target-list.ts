import type { Actor } from "../auth/actor";
import type { ListTargetsInput } from "../services/targets/schemas";
import { listTargetOverview } from "../services/targets/overview";
import type { TargetStatus } from "../status/target-status";

/** One row of GET /api/v1/targets (issue 7): exactly these fields. */
export interface ApiTargetListItem {
  id: number;
  /** The app's name. */
  app: string;
  name: string;
  type: string;
  enabled: boolean;
  /** The same word the UI shows: ok, failed, overdue, running, never, paused. */
  status: TargetStatus;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastSizeBytes: number | null;
  nextRunAt: string | null;
}

export function apiTargetList(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): ApiTargetListItem[] {
  return listTargetOverview(actor, filter, now).map((t) => ({
    id: t.id,
    app: t.appName,
    name: t.name,
    type: t.type,
    enabled: t.enabled,
    status: t.status,
    lastRunAt: t.lastRunAt,
    lastSuccessAt: t.lastSuccessAt,
    lastSizeBytes: t.lastSizeBytes,
    nextRunAt: t.nextRunAt,
  }));
}
