import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { tasks } from "../../db/schema";
import { PITR_RESTORE_KIND, type PitrRestoreParams } from "./restore-task";

/**
 * A private server kept for inspection is recorded in its restore task's params (`server`): where
 * it listens and until when, then `stoppedAt` and why once it is gone — its time was up, someone
 * stopped it, or the console stopped (start-up recovery: the server was a child of the console,
 * killed with its leftovers, and its scratch folder removed). So a restart never leaves a server
 * that the page and the API still call running.
 */

export type KeptServerRecord = NonNullable<PitrRestoreParams["server"]>;

function setStopped(taskId: number, reason: string, at: Date): boolean {
  const db = getDb();
  return db.transaction((tx) => {
    const t = tx.select({ params: tasks.params }).from(tasks).where(and(eq(tasks.id, taskId), eq(tasks.kind, PITR_RESTORE_KIND))).get();
    const p = (t?.params ?? null) as Partial<PitrRestoreParams> | null;
    if (!p?.server || p.server.stoppedAt) return false;
    tx.update(tasks).set({ params: { ...p, server: { ...p.server, stoppedAt: at.toISOString(), stopReason: reason } } }).where(eq(tasks.id, taskId)).run();
    return true;
  });
}

export function markKeptServerStopped(taskId: number, reason: string, at: Date = new Date()): boolean {
  return setStopped(taskId, reason, at);
}

/** Start-up: every server still recorded as kept belonged to a console that stopped. Returns the task ids. */
export function markOrphanedKeptServers(at: Date = new Date()): number[] {
  const rows = getDb().select({ id: tasks.id, params: tasks.params }).from(tasks).where(eq(tasks.kind, PITR_RESTORE_KIND)).all();
  return rows
    .filter((r) => {
      const srv = (r.params as Partial<PitrRestoreParams> | null)?.server;
      return srv && !srv.stoppedAt;
    })
    .filter((r) => setStopped(r.id, "the console stopped; its private servers stopped with it and their scratch folders were removed", at))
    .map((r) => r.id);
}
