import type { Actor } from "../auth/actor";
import type { ListTargetsInput } from "../services/targets/schemas";
import { getTargetOverview, listTargetOverview, type TargetOverview } from "../services/targets/overview";
import { listTargetStatusItems } from "../services/targets/list-status";
import type { TargetStatus } from "../engine/status/target-status";
import { apiPitrStatus, type PitrStatus } from "../services/pitr/status";

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

/** GET /api/v1/targets/{id} (issue 10): the list fields plus the overdue episode. */
export interface ApiTargetDetail extends ApiTargetListItem {
  /** slot + grace of the missed expected slot; null while not overdue. */
  overdueSince: string | null;
  /** The expected slot while overdue, else the next expected one; null without a schedule. */
  expectedAt: string | null;
  /** Point-in-time recovery (postgres): stream state and recovery window; null while off. */
  pitr: PitrStatus | null;
  /** The server that performs the backup (issue 17); null: Local. */
  serverId: number | null;
  /** Its name ("Local" for this machine). */
  serverName: string;
}

function listItem(t: TargetOverview): ApiTargetListItem {
  return {
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
  };
}

export function apiTargetList(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): ApiTargetListItem[] {
  return listTargetStatusItems(actor, filter, now).map((t) => ({ id: t.id, app: t.appName, name: t.name, type: t.type, enabled: t.enabled, ...t.words }));
}

const detail = (t: TargetOverview): ApiTargetDetail => ({
  ...listItem(t),
  overdueSince: t.overdueSince,
  expectedAt: t.expectedAt,
  pitr: t.type === "postgres" ? apiPitrStatus(t.id) : null,
  serverId: t.serverId,
  serverName: t.serverName,
});

export function apiTargetDetail(actor: Actor, id: number, now = new Date()): ApiTargetDetail {
  return detail(getTargetOverview(actor, id, now));
}

/** Every target as the detail shows it (the CLI's `status`), in one batch. */
export function apiTargetDetails(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): ApiTargetDetail[] {
  return listTargetOverview(actor, filter, now).map(detail);
}
