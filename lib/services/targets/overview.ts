import type { Actor } from "../../auth/actor";
import { loadTargetStatuses, type ActiveRunFacts } from "../../status/load-statuses";
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

function toActiveRunDto(r: ActiveRunFacts | null | undefined): ActiveRunDto | null {
  if (!r) return null;
  return { id: r.id, status: r.status, startedAt: r.startedAt?.toISOString() ?? null, bytesProcessed: r.bytesProcessed, totalBytes: r.totalBytes };
}

export function listTargetOverview(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): TargetOverview[] {
  const list = listTargets(actor, filter);
  const statuses = loadTargetStatuses(now, list.map((t) => t.id));
  return list.map((t) => {
    const s = statuses.get(t.id);
    return {
      ...t,
      status: s?.status ?? "never",
      overdueSince: (s?.overdueSince ?? s?.overdue?.deadline)?.toISOString() ?? null,
      nextRunAt: s?.nextRunAt?.toISOString() ?? null,
      activeRun: toActiveRunDto(s?.activeRun),
    };
  });
}
