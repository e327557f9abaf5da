import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { resticRepos, tasks, type StorageLocation } from "../../db/schema";
import { getLocation } from "../storage/locations";
import { enqueueTask } from "../tasks/task-rows";
import { check, prune } from "./maintenance";
import { unlockOwnStale } from "./locks";
import { withRepoOf } from "./target-repo";

/** Defaults of the repository upkeep (issue 14): prune weekly, check weekly reading a tenth of the data. */
export const RESTIC_MAINTENANCE = { pruneEveryDays: 7, checkEveryDays: 7, maxUnused: "5%", readDataSubset: "10%" } as const;

/** The initialised repositories (or just the one of `storageId`), with their locations. */
export function resticLocations(storageId?: number | null): StorageLocation[] {
  const rows = getDb()
    .select({ storageId: resticRepos.storageId })
    .from(resticRepos)
    .where(storageId != null ? and(isNotNull(resticRepos.initializedAt), eq(resticRepos.storageId, storageId)) : isNotNull(resticRepos.initializedAt))
    .all();
  return rows.map((r) => getLocation(r.storageId)).filter((l): l is StorageLocation => !!l);
}

type Say = (line: string) => void;

export async function pruneRepos(storageId: number | null, signal: AbortSignal, say: Say): Promise<void> {
  for (const loc of resticLocations(storageId)) {
    signal.throwIfAborted();
    await withRepoOf(loc, (repo) => prune(repo, { maxUnused: RESTIC_MAINTENANCE.maxUnused, signal }), { signal });
    say(`pruned the restic repository of ${loc.name} (--max-unused ${RESTIC_MAINTENANCE.maxUnused})`);
  }
}

/** Check every repository; any damage fails the task with restic's own words. */
export async function checkRepos(storageId: number | null, subset: string, signal: AbortSignal, say: Say): Promise<void> {
  const bad: string[] = [];
  for (const loc of resticLocations(storageId)) {
    signal.throwIfAborted();
    const r = await withRepoOf(loc, (repo) => check(repo, { readDataSubset: subset, signal }), { signal });
    if (r.ok) say(`restic check of ${loc.name}: no errors (--read-data-subset ${subset})`);
    else bad.push(`${loc.name}: ${r.problems.slice(0, 5).join(" | ")}`);
  }
  if (bad.length) throw new Error(`restic check found damage: ${bad.join("; ")}`);
}

/** Start-up: remove the stale locks this machine's crashed restic processes left (never another machine's). */
export async function unlockRepos(signal: AbortSignal, say: Say): Promise<void> {
  for (const loc of resticLocations()) {
    const r = await withRepoOf(loc, (repo) => unlockOwnStale(repo, { signal }), { signal });
    if (r.removed.length) say(`removed ${r.removed.length} stale restic lock(s) of this machine in ${loc.name}`);
    if (r.foreign.length) say(`left ${r.foreign.length} restic lock(s) of other processes or machines in ${loc.name}`);
  }
}

/** Queue prune / check when their interval has passed since the last one that ran (called by the daily sweep). */
export function queueDueMaintenance(now: Date, priority: number): string[] {
  if (resticLocations().length === 0) return [];
  const queued: string[] = [];
  for (const [kind, days] of [["restic-prune", RESTIC_MAINTENANCE.pruneEveryDays], ["restic-check", RESTIC_MAINTENANCE.checkEveryDays]] as const) {
    const last = getDb()
      .select({ at: tasks.queuedAt })
      .from(tasks)
      .where(and(eq(tasks.kind, kind), inArray(tasks.status, ["queued", "running", "done"])))
      .orderBy(desc(tasks.id))
      .get();
    if (last && now.getTime() - last.at.getTime() < days * 86_400_000 - 3_600_000) continue;
    if (enqueueTask({ kind, priority }, now).added) queued.push(kind);
  }
  return queued;
}
