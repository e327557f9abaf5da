import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import type { RunStatus } from "../../db/schema";
import { loadTargetStatuses, type RunFacts } from "../../status/load-statuses";
import type { TargetStatus } from "../../status/target-status";

export interface DashboardTargetRow {
  targetId: number;
  targetName: string;
  targetType: string;
  appId: number;
  appName: string;
  status: TargetStatus;
  lastSuccessAt: string | null;
  lastRun: { id: number; status: RunStatus; at: string; error: string | null } | null;
  nextRunAt: string | null;
  /** Size of the newest successful artifact. */
  artifactSizeBytes: number | null;
}

interface NameRow {
  id: number;
  name: string;
  type: string;
  app_id: number;
  app_name: string;
}

/** When a run last did something: its end, else its start, else when it was queued. */
const lastMoment = (r: RunFacts) => (r.finishedAt ?? r.startedAt ?? r.queuedAt).toISOString();

/** The dashboard's targets (names from here, every fact behind the status word from lib/status). */
export function loadTargetRows(now: Date, appScope: number[] | null, db: DbOrTx = getDb()): DashboardTargetRow[] {
  const scope = appScope ? sql`where t.app_id in (${sql.join([0, ...appScope].map((id) => sql`${id}`), sql`, `)})` : sql``;
  const rows = db.all<NameRow>(sql`
    select t.id, t.name, t.type, a.id as app_id, a.name as app_name
    from targets t join apps a on a.id = t.app_id ${scope}`);
  if (rows.length === 0) return [];
  const statuses = loadTargetStatuses(now, appScope ? rows.map((t) => t.id) : undefined, db);

  return rows.flatMap((t) => {
    const s = statuses.get(t.id);
    if (!s) return [];
    return [
      {
        targetId: t.id,
        targetName: t.name,
        targetType: t.type,
        appId: t.app_id,
        appName: t.app_name,
        status: s.status,
        lastSuccessAt: s.lastSuccess ? lastMoment(s.lastSuccess) : null,
        lastRun: s.lastRun ? { id: s.lastRun.id, status: s.lastRun.status, at: lastMoment(s.lastRun), error: s.lastRun.errorSummary } : null,
        nextRunAt: s.nextRunAt?.toISOString() ?? null,
        artifactSizeBytes: s.lastSuccess?.sizeBytes ?? null,
      },
    ];
  });
}
