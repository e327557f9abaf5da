import { sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import type { RunStatus } from "../../db/schema";
import { readTargetSummaries } from "../../engine/status/stored";
import type { TargetStatus } from "../../engine/status/target-status";
import { copySummaries, type TargetCopySummary } from "../../engine/copies/copy-summary";

export interface DashboardTargetRow {
  targetId: number;
  targetName: string;
  targetType: string;
  appId: number;
  appName: string;
  status: TargetStatus;
  overdueSince: string | null;
  expectedAt: string | null;
  lastSuccessAt: string | null;
  /** The newest counted run; `error` is the newest finished one's (see lib/engine/status/status-summary.ts). */
  lastRun: { id: number; status: RunStatus; at: string; error: string | null } | null;
  nextRunAt: string | null;
  /** Size of the newest successful artifact. */
  artifactSizeBytes: number | null;
  /** Copies kept in the target's copy locations (null: it has none), offsite or not, and the newest one's age. */
  copies: TargetCopySummary | null;
}

interface NameRow {
  id: number;
  name: string;
  type: string;
  app_id: number;
  app_name: string;
}

// When the newest run is one of these it is also the newest finished run, whose error lastError is.
const UNSUCCESSFUL = new Set<RunStatus>(["failed", "partial", "interrupted"]);

/** The dashboard's targets (names from here, every fact behind the status word from lib/engine/status). */
export function loadTargetRows(now: Date, appScope: number[] | null, db: DbOrTx = getDb()): DashboardTargetRow[] {
  const scope = appScope ? sql`where t.app_id in (${sql.join([0, ...appScope].map((id) => sql`${id}`), sql`, `)})` : sql``;
  const rows = db.all<NameRow>(sql`
    select t.id, t.name, t.type, a.id as app_id, a.name as app_name
    from targets t join apps a on a.id = t.app_id ${scope}`);
  if (rows.length === 0) return [];
  const statuses = readTargetSummaries(rows.map((t) => t.id), now, db);
  const copies = copySummaries(rows.map((t) => t.id), now, db);

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
        overdueSince: s.overdueSince,
        expectedAt: s.expectedAt,
        lastSuccessAt: s.lastSuccessAt,
        lastRun:
          s.lastRunId && s.lastRunStatus && s.lastRunAt
            ? { id: s.lastRunId, status: s.lastRunStatus, at: s.lastRunAt, error: UNSUCCESSFUL.has(s.lastRunStatus) ? s.lastError : null }
            : null,
        nextRunAt: s.nextRunAt,
        artifactSizeBytes: s.lastSizeBytes,
        copies: copies.get(t.id) ?? null,
      },
    ];
  });
}
