import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { taskCancelRequests } from "../../db/schema";
import { engineState } from "../tasks/engine-state";

/**
 * Cancel across processes: a console cannot signal a tool another console (or the CLI's restore)
 * started, so it leaves a request on the database; the process that runs the item finds it within
 * a second (the queue polls while it runs anything) and aborts the item itself.
 */
export function requestCancel(kind: string, ref: number, reason: string, at: Date): void {
  getDb().insert(taskCancelRequests).values({ kind, ref, reason, requestedAt: at }).onConflictDoNothing().run();
}

export function clearCancelRequest(kind: string, ref: number): void {
  getDb().delete(taskCancelRequests).where(and(eq(taskCancelRequests.kind, kind), eq(taskCancelRequests.ref, ref))).run();
}

/** Abort every item running here that another process asked to stop. */
export function pollCancelRequests(abort: (kind: string, id: number, reason: string) => boolean): number {
  const st = engineState();
  if (st.active.size === 0) return 0;
  let n = 0;
  for (const r of getDb().select().from(taskCancelRequests).all()) {
    if (!st.active.has(`${r.kind}:${r.ref}`)) continue;
    if (abort(r.kind, r.ref, r.reason)) n++;
    clearCancelRequest(r.kind, r.ref);
  }
  return n;
}
