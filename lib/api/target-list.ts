import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../db/client";
import { schedules } from "../db/schema";
import type { Actor } from "../auth/actor";
import { listTargets } from "../services/targets/list";
import type { ListTargetsInput } from "../services/targets/schemas";
import { computeNextRunAt } from "../services/schedules/next-run";
import { loadTargetStatuses } from "../status/load-statuses";
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

/** The earliest next backup slot per target, over its enabled backup schedules. */
function nextRuns(ids: number[], now: Date): Map<number, Date> {
  const out = new Map<number, Date>();
  if (ids.length === 0) return out;
  const rows = getDb()
    .select()
    .from(schedules)
    .where(and(inArray(schedules.targetId, ids), eq(schedules.enabled, true), eq(schedules.purpose, "backup")))
    .all();
  for (const s of rows) {
    const next = computeNextRunAt(s, now);
    const cur = out.get(s.targetId);
    if (next && (!cur || next < cur)) out.set(s.targetId, next);
  }
  return out;
}

export function apiTargetList(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): ApiTargetListItem[] {
  const list = listTargets(actor, filter);
  const ids = list.map((t) => t.id);
  const statuses = loadTargetStatuses(now, ids);
  const next = nextRuns(ids, now);
  return list.map((t) => ({
    id: t.id,
    app: t.appName,
    name: t.name,
    type: t.type,
    enabled: t.enabled,
    status: statuses.get(t.id)?.status ?? "never",
    lastRunAt: t.lastRunAt,
    lastSuccessAt: t.lastSuccessAt,
    lastSizeBytes: t.lastSizeBytes,
    nextRunAt: t.enabled ? (next.get(t.id)?.toISOString() ?? null) : null,
  }));
}
