import { and, desc, eq, inArray } from "drizzle-orm";
import type { Actor } from "../../audit/actor";
import { getDb, type DbOrTx } from "../../db/client";
import { tasks, type Task } from "../../db/schema";
import { PRIORITY, taskKey } from "../tasks/task-kind";

export const PITR_RESTORE_KIND = "pitr-restore";

/** What a point-in-time restore task was asked (its `tasks.params`); no password is ever in it. */
export interface PitrRestoreParams {
  targetTime: string;
  destination: { database: string } | "original";
  keepServerMinutes: number;
  /** A test restore (the test-restore schedule): the new database is checked and dropped again. */
  test?: boolean;
  /** Over the original: the target's database name when it was asked. */
  originalDatabase?: string;
  /** Over the original: who asked (the safety backup's audit row names them; the service checked their rights). */
  requestedBy?: Actor;
  /** Over the original: an admin asked to go on even if the safety backup fails (restore.override audited). */
  overrideSafety?: boolean;
  /** Over the original: the safety backup run, once queued. */
  safetyRunId?: number;
  /** The storage location asked for (`storage` in the body); absent: the nearest that has everything, chosen when the task runs. */
  storageId?: number;
  /** keepServerMinutes > 0: where the private server listens, once recovered. */
  server?: {
    host: string;
    port: number;
    user: string;
    database: string;
    until: string;
    /** What any console needs to stop it (kept-servers.ts): its data directory, the scratch folder around it, its major version, the postmaster's pid. */
    dataDir?: string;
    scratchDir?: string;
    major?: number;
    pid?: number | null;
    stoppedAt?: string;
    stopReason?: string;
  };
}

/** Written by the running task (the tasks table has no result column: its params carry it). */
export function updatePitrRestoreParams(id: number, patch: Partial<PitrRestoreParams>): void {
  const db = getDb();
  const t = db.select({ params: tasks.params }).from(tasks).where(eq(tasks.id, id)).get();
  db.update(tasks).set({ params: { ...(t?.params ?? {}), ...patch } }).where(eq(tasks.id, id)).run();
}

/**
 * Safety backups (runs without a restores row) that a running point-in-time restore over the
 * original waits for, by run id → the restore's task key: they may run in its slot.
 */
export function pitrSafetyParents(db: DbOrTx): Map<number, string> {
  const out = new Map<number, string>();
  for (const t of db.select({ id: tasks.id, params: tasks.params }).from(tasks).where(and(eq(tasks.kind, PITR_RESTORE_KIND), eq(tasks.status, "running"))).all()) {
    const run = (t.params as Partial<PitrRestoreParams> | null)?.safetyRunId;
    if (typeof run === "number") out.set(run, taskKey(PITR_RESTORE_KIND, t.id));
  }
  return out;
}

/** A queued or running point-in-time restore over this target's original database. */
export function activePitrOverOriginal(db: DbOrTx, targetId: number): Task | undefined {
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.kind, PITR_RESTORE_KIND), eq(tasks.targetId, targetId), inArray(tasks.status, ["queued", "running"])))
    .all()
    .find((t) => (t.params as Partial<PitrRestoreParams> | null)?.destination === "original");
}

/**
 * A point-in-time restore is a row of the generic tasks table (restores rows belong to a run's
 * artifact; this one has none). Inserted in the service's transaction, next to its audit row;
 * never merged with another queued one (unlike enqueueTask: two restores are two requests).
 */
export function insertPitrRestoreTask(tx: DbOrTx, targetId: number, params: PitrRestoreParams, at: Date): Task {
  return tx
    .insert(tasks)
    .values({ kind: PITR_RESTORE_KIND, targetId, priority: PRIORITY.restore, status: "queued", params: { ...params }, queuedAt: at })
    .returning()
    .get();
}

export function pitrRestoreTask(targetId: number, id: number): Task | undefined {
  return getDb().select().from(tasks).where(and(eq(tasks.id, id), eq(tasks.kind, PITR_RESTORE_KIND), eq(tasks.targetId, targetId))).get();
}

export function recentPitrTasks(targetId: number, kind: string, limit = 10): Task[] {
  return getDb().select().from(tasks).where(and(eq(tasks.kind, kind), eq(tasks.targetId, targetId))).orderBy(desc(tasks.id)).limit(limit).all();
}
