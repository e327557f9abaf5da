import type Database from "better-sqlite3";
import { getDb } from "../../db/client";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";
import type { RunStatus, RunTrigger } from "../../db/schema";

/** The columns of a run GET /api/v1/runs returns (issue 7), nothing else read. */
export interface CursorRun {
  id: number;
  targetId: number;
  status: RunStatus;
  trigger: RunTrigger;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  exitCode: number | null;
  error: string | null;
}

export interface CursorQuery {
  targetId?: number;
  status?: RunStatus;
  /** Runs older than this id (the previous page's nextCursor). */
  cursor?: number;
  limit: number;
}

interface Raw {
  id: number;
  target_id: number;
  status: RunStatus;
  trigger: RunTrigger;
  started_at: number | null;
  finished_at: number | null;
  duration_ms: number | null;
  size_bytes: number | null;
  sha256: string | null;
  exit_code: number | null;
  error_summary: string | null;
}

// One prepared statement per combination of filters (at most 16), per connection: the API's runs
// page answers every few milliseconds under load, and building + preparing the query per request
// cost more than running it (bench/api-load.ts). Separate texts, not `? is null or …`, so SQLite
// keeps using runs_target_id / runs_status for a filter.
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(q: CursorQuery, scoped: boolean): Database.Statement {
  const where = [
    q.targetId !== undefined ? "target_id = @targetId" : null,
    q.status !== undefined ? "status = @status" : null,
    q.cursor !== undefined ? "id < @cursor" : null,
    scoped ? "target_id in (select id from targets where app_id in (select value from json_each(@scope)))" : null,
  ].filter(Boolean);
  const text = `select id, target_id, status, trigger, started_at, finished_at, duration_ms, size_bytes, sha256, exit_code, error_summary
    from runs ${where.length ? `where ${where.join(" and ")}` : ""} order by id desc limit @limit`;
  const client = getDb().$client;
  let byText = cache.get(client);
  if (!byText) cache.set(client, (byText = new Map()));
  let s = byText.get(text);
  if (!s) byText.set(text, (s = client.prepare(text)));
  return s;
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/** Newest first, `limit` rows (ask one more to know whether a next page exists), inside a token's apps. */
export function runsByCursor(actor: Actor, q: CursorQuery): CursorRun[] {
  requirePermission(actor, "read");
  const scope = actorAppScope(actor);
  const params: Record<string, unknown> = { limit: q.limit };
  if (q.targetId !== undefined) params.targetId = q.targetId;
  if (q.status !== undefined) params.status = q.status;
  if (q.cursor !== undefined) params.cursor = q.cursor;
  if (scope) params.scope = JSON.stringify(scope);
  return (statement(q, scope !== null).all(params) as Raw[]).map((r) => ({
    id: r.id,
    targetId: r.target_id,
    status: r.status,
    trigger: r.trigger,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    durationMs: r.duration_ms,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    exitCode: r.exit_code,
    error: r.error_summary,
  }));
}
