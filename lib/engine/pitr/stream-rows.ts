import crypto from "node:crypto";
import os from "node:os";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { pitrStreams, type PitrState, type PitrStream } from "../../db/schema-pitr";
import { recordEvent } from "../events";

/**
 * The pitr_streams row of a target: a lease (owner + heartbeat) so that only one console streams
 * a target even when two run against one data folder, and the state the target page shows.
 * A lease whose heartbeat is older than `staleMs` is free: its console died without releasing.
 */

/** This console process, for the lease. */
export const CONSOLE_ID = `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;

/**
 * A holder on this machine whose process is gone (the console was restarted) frees its lease at
 * once instead of after `staleMs`. A pid taken again by another process only delays that.
 */
export function holderIsGone(owner: string | null | undefined): boolean {
  const m = owner ? /^(.*):(\d+):[0-9a-f]+$/.exec(owner) : null;
  if (!m || m[1] !== os.hostname() || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export function acquireLease(targetId: number, owner: string, at: Date, staleMs: number): boolean {
  const db = getDb();
  return db.transaction((tx) => {
    tx.insert(pitrStreams).values({ targetId, state: "stopped" }).onConflictDoNothing().run();
    const held = tx.select({ owner: pitrStreams.owner }).from(pitrStreams).where(eq(pitrStreams.targetId, targetId)).get();
    if (holderIsGone(held?.owner)) tx.update(pitrStreams).set({ owner: null }).where(eq(pitrStreams.targetId, targetId)).run();
    const r = tx
      .update(pitrStreams)
      .set({ owner, heartbeatAt: at, state: "starting", stateSince: at, lastError: null })
      .where(and(eq(pitrStreams.targetId, targetId), or(isNull(pitrStreams.owner), eq(pitrStreams.owner, owner), lt(pitrStreams.heartbeatAt, new Date(at.getTime() - staleMs)))))
      .run();
    return r.changes === 1;
  });
}

/** Renew the lease; false when another console took it (this one must stop streaming). */
export function heartbeat(targetId: number, owner: string, at: Date): boolean {
  const r = getDb().update(pitrStreams).set({ heartbeatAt: at }).where(and(eq(pitrStreams.targetId, targetId), eq(pitrStreams.owner, owner))).run();
  return r.changes === 1;
}

export function releaseLease(targetId: number, owner: string, at: Date): void {
  getDb()
    .update(pitrStreams)
    .set({ owner: null, state: "stopped", stateSince: at })
    .where(and(eq(pitrStreams.targetId, targetId), eq(pitrStreams.owner, owner)))
    .run();
}

export function streamRow(targetId: number): PitrStream | undefined {
  return getDb().select().from(pitrStreams).where(eq(pitrStreams.targetId, targetId)).get();
}

export type StreamPatch = Partial<Omit<PitrStream, "targetId" | "owner" | "heartbeatAt" | "state" | "stateSince">>;

/** Write figures (no state change). */
export function patchStream(targetId: number, owner: string, patch: StreamPatch): void {
  if (Object.keys(patch).length === 0) return;
  getDb().update(pitrStreams).set(patch).where(and(eq(pitrStreams.targetId, targetId), eq(pitrStreams.owner, owner))).run();
}

const EVENT_OF: Partial<Record<PitrState, "pitr.stopped" | "pitr.lagging">> = { stopped: "pitr.stopped", lagging: "pitr.lagging" };

/**
 * Move to `state`; on a real change into stopped or lagging, record the event in the same
 * transaction (the notifier alerts on it like on overdue).
 */
export function setStreamState(targetId: number, owner: string, state: PitrState, at: Date, payload: Record<string, unknown> = {}): boolean {
  return getDb().transaction((tx) => {
    const r = tx
      .update(pitrStreams)
      .set({ state, stateSince: at })
      .where(and(eq(pitrStreams.targetId, targetId), eq(pitrStreams.owner, owner), sql`${pitrStreams.state} <> ${state}`))
      .run();
    if (r.changes !== 1) return false;
    const type = EVENT_OF[state];
    if (type) recordEvent(tx, { type, targetId, at, payload });
    return true;
  });
}

export function recordSlotBloat(targetId: number, at: Date, retainedBytes: number, limit: number): void {
  getDb().transaction((tx) => recordEvent(tx, { type: "pitr.slot_bloat", targetId, at, payload: { retainedBytes, limit } }));
}
