import type Database from "better-sqlite3";
import { getDb } from "../../db/client";
import { requirePermission, actorAppScope, type Actor } from "../../auth/actor";
import type { TargetType } from "../../db/schema";
import { readTargetSummaries } from "../../engine/status/stored";
import type { TargetStatusSummary } from "../../engine/status/status-summary";
import { listTargetsInput, type ListTargetsInput } from "./schemas";

/** One row of a status list: who the target is, and THE status words (stored by lib/engine/status). */
export interface TargetStatusItem {
  id: number;
  appId: number;
  appName: string;
  name: string;
  type: TargetType;
  enabled: boolean;
  words: Pick<TargetStatusSummary, "status" | "lastRunAt" | "lastSuccessAt" | "lastSizeBytes" | "nextRunAt">;
}

// One statement, prepared once per connection: GET /api/v1/targets answers every few milliseconds
// under load, and building + preparing a query per request cost more than running it (bench/api-load.ts).
const SQL = `
  select t.id, t.app_id, a.name as app_name, t.name, t.type, t.enabled,
    s.status, s.last_run_at, s.last_success_at, s.last_size_bytes, s.next_run_at, s.computed_at, s.valid_until, s.stale
  from targets t join apps a on a.id = t.app_id left join target_status s on s.target_id = t.id
  where (@appId is null or t.app_id = @appId) and (@type is null or t.type = @type)
  order by a.name, t.name`;

interface Raw {
  id: number;
  app_id: number;
  app_name: string;
  name: string;
  type: TargetType;
  enabled: number;
  status: TargetStatusSummary["status"] | null;
  last_run_at: number | null;
  last_success_at: number | null;
  last_size_bytes: number | null;
  next_run_at: number | null;
  computed_at: number | null;
  valid_until: number | null;
  stale: number | null;
}

const statements = new WeakMap<Database.Database, Database.Statement>();
function statement(): Database.Statement {
  const client = getDb().$client;
  let s = statements.get(client);
  if (!s) statements.set(client, (s = client.prepare(SQL)));
  return s;
}

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/** The same rule as isCurrent() in lib/engine/status/stored.ts, on the raw columns. */
function current(r: Raw, now: number): boolean {
  return r.status !== null && !r.stale && r.computed_at! <= now && (r.valid_until == null || now < r.valid_until);
}

/**
 * Targets ordered by app then name with their status words: the narrow, read-only query behind
 * GET /api/v1/targets. Rows whose stored words are not current are computed (readTargetSummaries).
 */
export function listTargetStatusItems(actor: Actor, filter: ListTargetsInput = {}, now = new Date()): TargetStatusItem[] {
  requirePermission(actor, "read");
  const f = listTargetsInput.parse(filter);
  const scope = actorAppScope(actor);
  if (scope && scope.length === 0) return [];
  const rows = (statement().all({ appId: f.appId ?? null, type: f.type ?? null }) as Raw[]).filter((r) => !scope || scope.includes(r.app_id));
  const at = now.getTime();
  const behind = rows.filter((r) => !current(r, at)).map((r) => r.id);
  const computed = behind.length ? readTargetSummaries(behind, now) : null;
  return rows.map((r) => {
    const c = computed?.get(r.id);
    return {
      id: r.id,
      appId: r.app_id,
      appName: r.app_name,
      name: r.name,
      type: r.type,
      enabled: Boolean(r.enabled),
      words: c
        ? { status: c.status, lastRunAt: c.lastRunAt, lastSuccessAt: c.lastSuccessAt, lastSizeBytes: c.lastSizeBytes, nextRunAt: c.nextRunAt }
        : { status: r.status!, lastRunAt: iso(r.last_run_at), lastSuccessAt: iso(r.last_success_at), lastSizeBytes: r.last_size_bytes, nextRunAt: iso(r.next_run_at) },
    };
  });
}
