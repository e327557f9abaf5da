import { and, desc, lt } from "drizzle-orm";
import { z } from "zod";
import { runs, RUN_STATUSES } from "../db/schema";
import { actorAppScope, requirePermission, type Actor } from "../auth/actor";
import { listRunsInput, rowToDto, runsWhere, selectRunRows } from "../services/runs/query";
import { toApiRun, type ApiRun } from "./run-shape";

export const apiRunsQuery = z.object({
  targetId: z.coerce.number("targetId must be a number").int().positive("targetId must be a positive id").optional(),
  status: z.enum(RUN_STATUSES, `status must be one of ${RUN_STATUSES.join(", ")}`).optional(),
  limit: z.coerce.number("limit must be a number").int().min(1, "limit must be 1-200").max(200, "limit must be 1-200").default(50),
  /** The nextCursor of the previous page: runs older than it (ids grow with time). */
  cursor: z.coerce.number("cursor must come from nextCursor").int().positive("cursor must come from nextCursor").optional(),
});

/**
 * Cursor paging by id, newest first: stable while new runs arrive (offset paging would repeat
 * rows). Uses the same filters and app scoping as the runs page.
 */
export function listApiRuns(actor: Actor, query: Record<string, string | undefined>): { runs: ApiRun[]; nextCursor: string | null } {
  requirePermission(actor, "read");
  const q = apiRunsQuery.parse(query);
  const where = runsWhere(listRunsInput.parse({ targetId: q.targetId, status: q.status }), actorAppScope(actor));
  const rows = selectRunRows()
    .where(q.cursor ? and(where, lt(runs.id, q.cursor)) : where)
    .orderBy(desc(runs.id))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit).map((r) => toApiRun(rowToDto(r)));
  return { runs: page, nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null };
}
