import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, schedules } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { computeNextRunAt } from "../schedules/next-run";
import { loadTargetStatuses } from "../../status/load-statuses";
import type { TargetStatus } from "../../status/target-status";
import { listTargets } from "./list";
import type { ListTargetsInput } from "./schemas";
import type { TargetDto } from "./dto";

export interface ActiveRunDto {
  id: number;
  status: "queued" | "running";
  startedAt: string | null;
  bytesProcessed: number | null;
  totalBytes: number | null;
}

/** A target as the lists show it: the DTO plus THE status word, next run and the run going now. */
export interface TargetOverview extends TargetDto {
  status: TargetStatus;
  overdueSince: string | null;
  nextRunAt: string | null;
  activeRun: ActiveRunDto | null;
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

function activeRuns(ids: number[]): Map<number, ActiveRunDto> {
  const out = new Map<number, ActiveRunDto>();
  if (ids.length === 0) return out;
  const rows = getDb()
    .select()
    .from(runs)
    .where(and(inArray(runs.targetId, ids), inArray(runs.status, ["queued", "running"])))
    .all();
  for (const r of rows) {
    out.set(r.targetId, {
      id: r.id,
      status: r.status as ActiveRunDto["status"],
      startedAt: r.startedAt?.toISOString() ?? null,
      bytesProcessed: r.bytesProcessed,
      totalBytes: r.totalBytes,
    });
  }
  return out;
}

export function listTargetOverview(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): TargetOverview[] {
  const list = listTargets(actor, filter);
  const ids = list.map((t) => t.id);
  const statuses = loadTargetStatuses(now, ids);
  const next = nextRuns(ids, now);
  const active = activeRuns(ids);
  return list.map((t) => {
    const s = statuses.get(t.id);
    return {
      ...t,
      status: s?.status ?? "never",
      overdueSince: (s?.overdueSince ?? s?.overdue?.deadline)?.toISOString() ?? null,
      nextRunAt: t.enabled ? (next.get(t.id)?.toISOString() ?? null) : null,
      activeRun: active.get(t.id) ?? null,
    };
  });
}
