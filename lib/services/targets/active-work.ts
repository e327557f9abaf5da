import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { ConflictError } from "../../errors";

/** A backup or restore of a target that is queued or running: it blocks deleting the target. */
export interface ActiveWork {
  kind: "run" | "restore";
  id: number;
  status: "queued" | "running";
  targetId: number;
}

const idList = (ids: number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

/**
 * Runs and restores of these targets that are queued or running. A run opened by the team's own
 * script (trigger api, "start" reported) is not here: no process of Lifeboat's runs for it, and
 * the script may never report its end.
 */
export function activeWorkOf(db: DbOrTx, targetIds: number[]): ActiveWork[] {
  if (targetIds.length === 0) return [];
  const ids = idList(targetIds);
  const runs = db.all<{ id: number; status: "queued" | "running"; target_id: number }>(sql`
    select id, status, target_id from runs
    where status in ('queued', 'running') and trigger <> 'api' and target_id in (${ids}) order by id`);
  const restores = db.all<{ id: number; status: "queued" | "running"; target_id: number }>(sql`
    select r.id, r.status, r.target_id from restores r
    where r.status in ('queued', 'running')
      and (r.target_id in (${ids}) or r.run_id in (select id from runs where target_id in (${ids})))
    order by r.id`);
  return [
    ...runs.map((r) => ({ kind: "run" as const, id: r.id, status: r.status, targetId: r.target_id })),
    ...restores.map((r) => ({ kind: "restore" as const, id: r.id, status: r.status, targetId: r.target_id })),
  ];
}

export function describeWork(w: ActiveWork[]): string {
  return w.map((x) => `${x.kind} #${x.id} (${x.status})`).join(", ");
}

/**
 * Deleting a target under a running backup would leave its process, an untracked artifact and an
 * inflight record behind: refuse (409) and say which run or restore is in the way.
 */
export function assertNothingRunning(db: DbOrTx, targetIds: number[], what: string): void {
  const busy = activeWorkOf(db, targetIds);
  if (busy.length === 0) return;
  throw new ConflictError(`${what} cannot be deleted while ${describeWork(busy)} ${busy.length === 1 ? "is" : "are"} in progress: cancel ${busy.length === 1 ? "it" : "them"} or wait until ${busy.length === 1 ? "it ends" : "they end"}, then delete.`);
}
