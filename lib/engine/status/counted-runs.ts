import { sql, type SQL } from "drizzle-orm";
import type { RunTrigger } from "../../db/schema";

/**
 * THE runs that count as backups of the source: the ones that read it — Back up now (manual), the
 * scheduler, a report from the team's own script (api) and a retry. Only these decide the status
 * word, last run, last success, overdue, size, trends, the dashboard's rates, metrics and what
 * retention's keep-rules count. An upload (an artifact made elsewhere, maybe months old) and a
 * safety backup (taken just before a restore overwrites the source) are listed with their trigger
 * and kept by their own rules (uploads until deleted, safety backups while pinned), never counted;
 * nor is a PITR base backup ("pitr"): its own schedule and retention (engine/pitr) keep it.
 */
export const COUNTED_TRIGGERS = ["manual", "scheduler", "api", "retry"] as const satisfies readonly RunTrigger[];

export function isCountedTrigger(trigger: string): boolean {
  return (COUNTED_TRIGGERS as readonly string[]).includes(trigger);
}

/**
 * `+<column> in ('manual', 'scheduler', 'api', 'retry')` for raw queries; `column` like sql`r.trigger`.
 * The unary + (a no-op on the value) keeps SQLite from walking runs_trigger for it: nearly every run
 * is counted, so the time or target index the query already uses is the one to walk.
 */
export function countedTriggerSql(column: SQL = sql`trigger`): SQL {
  return sql`+${column} in (${sql.join(
    COUNTED_TRIGGERS.map((t) => sql.raw(`'${t}'`)),
    sql`, `,
  )})`;
}
