import { count } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";
import type { RunDto } from "./dto";
import { listRunsInput, rowToDto, runsOrder, runsWhere, selectRunRows, type ListRunsInput } from "./query";

export interface RunPage {
  rows: RunDto[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * One page of runs, filtered, sorted and paged in SQL (the history grows to 100k+ rows: never
 * load it all). A token limited to some apps only sees those apps' runs.
 */
export function listRuns(actor: Actor, input: ListRunsInput = {}): RunPage {
  requirePermission(actor, "read");
  const f = listRunsInput.parse(input);
  const where = runsWhere(f, actorAppScope(actor));
  const db = getDb();
  const rows = selectRunRows()
    .where(where)
    .orderBy(...runsOrder(f.sort))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .all();
  const total = db.select({ n: count() }).from(runs).where(where).get()?.n ?? 0;
  return { rows: rows.map(rowToDto), total, page: f.page, pageSize: f.pageSize };
}
