import { and, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Db, type Tx } from "../../db/client";
import { tasks, type Task, type TaskStatus } from "../../db/schema";
import { now as clockNow } from "../clock";
import { instanceAlive, instanceId } from "./instance";
import { taskKey, type Candidate, type Holder } from "./task-kind";

/** Queue an item of a kind kept in the `tasks` table, unless one for the same target is already queued. */
export function enqueueTask(o: { kind: string; targetId?: number | null; priority: number; params?: Record<string, unknown> }, at: Date = clockNow()): { id: number; added: boolean } {
  return getDb().transaction(
    (tx) => {
      const target = o.targetId == null ? isNull(tasks.targetId) : eq(tasks.targetId, o.targetId);
      const same = tx.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.kind, o.kind), target, eq(tasks.status, "queued"))).get();
      if (same) return { id: same.id, added: false };
      const row = tx
        .insert(tasks)
        .values({ kind: o.kind, targetId: o.targetId ?? null, priority: o.priority, params: o.params ?? null, status: "queued", queuedAt: at })
        .returning({ id: tasks.id })
        .get();
      return { id: row.id, added: true };
    },
    { behavior: "immediate" },
  );
}

export function queuedTasks(db: Db | Tx, kind: string): Candidate[] {
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.kind, kind), eq(tasks.status, "queued")))
    .all()
    .map((t) => ({ id: t.id, targetId: t.targetId, priority: t.priority, queuedAt: t.queuedAt.getTime() }));
}

export function runningTaskHolders(db: Db | Tx, kind: string): Holder[] {
  return db
    .select({ id: tasks.id, targetId: tasks.targetId })
    .from(tasks)
    .where(and(eq(tasks.kind, kind), eq(tasks.status, "running")))
    .all()
    .filter((t) => t.targetId != null)
    .map((t) => ({ key: taskKey(kind, t.id), targetId: t.targetId! }));
}

/** Claimed by this engine instance (recovery tells a live owner from a dead one). */
export function claimTask(tx: Tx, id: number, at: Date): boolean {
  return tx.update(tasks).set({ status: "running", owner: instanceId(), startedAt: at }).where(and(eq(tasks.id, id), eq(tasks.status, "queued"))).run().changes === 1;
}

export function taskRow(id: number): Task {
  const t = getDb().select().from(tasks).where(eq(tasks.id, id)).get();
  if (!t) throw new Error(`task ${id} not found`);
  return t;
}

export function finishTask(id: number, status: Exclude<TaskStatus, "queued" | "running">, error: string | null, at: Date): void {
  getDb().update(tasks).set({ status, error, finishedAt: at }).where(and(eq(tasks.id, id), eq(tasks.status, "running"))).run();
}

export function taskProgress(id: number, done: number, total: number | null): void {
  getDb().update(tasks).set({ progressDone: done, progressTotal: total }).where(eq(tasks.id, id)).run();
}

export function cancelQueuedTask(id: number, reason: string, at: Date): boolean {
  return getDb().update(tasks).set({ status: "cancelled", error: reason, finishedAt: at }).where(and(eq(tasks.id, id), eq(tasks.status, "queued"))).run().changes === 1;
}

/**
 * Start-up recovery of a `tasks` kind: items left running by an engine instance that is gone end
 * `interrupted` (a live console's are its own); queued ones stay queued — they never started.
 */
export function interruptOrphanedTasks(kind: string, isActive: (id: number) => boolean, at: Date): number[] {
  const db = getDb();
  const stuck = db
    .select({ id: tasks.id, owner: tasks.owner })
    .from(tasks)
    .where(and(eq(tasks.kind, kind), inArray(tasks.status, ["running"])))
    .all()
    .filter((t) => !isActive(t.id) && !instanceAlive(t.owner));
  for (const t of stuck) finishTask(t.id, "interrupted", "Lifeboat stopped while this task ran; it will be queued again when it is next due", at);
  return stuck.map((t) => t.id);
}
