import { eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { servers, targets } from "../../db/schema";
import { kindNamed } from "../tasks/registry";
import type { EngineState } from "../tasks/engine-state";

/** A target's server and that server's job limit (its `maxParallel`, issue 17). */
export type ServerLimits = Map<number, { serverId: number; max: number }>;

/** The targets that run on another server, keyed by target id (Local targets are not listed). */
export function serverLimits(db: Db | Tx): ServerLimits {
  const rows = db
    .select({ targetId: targets.id, serverId: servers.id, max: servers.maxParallel })
    .from(targets)
    .innerJoin(servers, eq(servers.id, targets.serverId))
    .all();
  return new Map(rows.map((r) => [r.targetId, { serverId: r.serverId, max: Math.max(1, r.max ?? 4) }]));
}

/** Jobs of kinds that run on their target's server, running here now on `serverId`. */
export function jobsOnServer(st: EngineState, limits: ServerLimits, serverId: number): number {
  let n = 0;
  for (const a of st.active.values()) {
    if (a.targetId == null || !kindNamed(a.kind).runsOnTargetServer) continue;
    if (a.parentKey && st.active.has(a.parentKey)) continue; // a child shares its parent's place
    if (limits.get(a.targetId)?.serverId === serverId) n++;
  }
  return n;
}
