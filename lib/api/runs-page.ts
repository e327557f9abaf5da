import { z } from "zod";
import { RUN_STATUSES } from "../db/schema";
import { requirePermission, type Actor } from "../auth/actor";
import { runsByCursor } from "../services/runs/cursor-page";
import type { ApiRun } from "./run-shape";

export const apiRunsQuery = z.object({
  targetId: z.coerce.number("targetId must be a number").int().positive("targetId must be a positive id").optional(),
  status: z.enum(RUN_STATUSES, `status must be one of ${RUN_STATUSES.join(", ")}`).optional(),
  limit: z.coerce.number("limit must be a number").int().min(1, "limit must be 1-200").max(200, "limit must be 1-200").default(50),
  /** The nextCursor of the previous page: runs older than it (ids grow with time). */
  cursor: z.coerce.number("cursor must come from nextCursor").int().positive("cursor must come from nextCursor").optional(),
});

/**
 * Cursor paging by id, newest first: stable while new runs arrive (offset paging would repeat
 * rows). The same filters and app scoping as the runs page, on one prepared statement.
 */
export function listApiRuns(actor: Actor, query: Record<string, string | undefined>): { runs: ApiRun[]; nextCursor: string | null } {
  requirePermission(actor, "read");
  const q = apiRunsQuery.parse(query);
  const rows = runsByCursor(actor, { targetId: q.targetId, status: q.status, cursor: q.cursor, limit: q.limit + 1 });
  const page: ApiRun[] = rows.slice(0, q.limit);
  return { runs: page, nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null };
}
