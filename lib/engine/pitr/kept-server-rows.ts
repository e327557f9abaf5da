import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { tasks } from "../../db/schema";
import { PITR_RESTORE_KIND, type PitrRestoreParams } from "./restore-task";

/**
 * A private server kept for inspection is recorded in its restore task's params (`server`): where
 * it listens and until when, then `stoppedAt` and why once it is gone — its time was up, someone
 * stopped it, or start-up found it gone (kept-servers.ts). The record holds what any console needs
 * to stop it (data directory, scratch folder, major version): the server outlives the console
 * that started it, so a restart neither loses it nor leaves it running past its time.
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

/** The record of the server a restore keeps (or kept), or undefined. */
export function keptServerRecord(taskId: number): KeptServerRecord | undefined {
  const t = getDb().select({ params: tasks.params }).from(tasks).where(and(eq(tasks.id, taskId), eq(tasks.kind, PITR_RESTORE_KIND))).get();
  return (t?.params as Partial<PitrRestoreParams> | null)?.server;
}
