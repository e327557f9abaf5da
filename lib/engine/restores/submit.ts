import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { restores, type Restore } from "../../db/schema";
import type { ExecuteOptions } from "../restore/execute";
import { kickQueue } from "../queue/queue";
import { cancelTask, type CancelOutcome } from "../queue/cancel";
import { engineState } from "../tasks/engine-state";
import { taskKey } from "../tasks/task-kind";
import { restoreEnded } from "./wait";

const FOREVER = 30 * 24 * 3600_000;

async function ended(restoreId: number): Promise<Restore> {
  return (await restoreEnded(restoreId, FOREVER))!;
}

/**
 * Hand a queued restore to the queue with its resolved destination (kept in this process's memory
 * only). The queue starts it when its target is free and a slot is; the row tells how it went.
 */
export function submitRestore(restoreId: number, opts: ExecuteOptions): void {
  engineState().params.set(taskKey("restore", restoreId), opts);
  kickQueue();
}

/** submitRestore, resolving when the restore has ended. */
export function executeRestore(restoreId: number, opts: ExecuteOptions): Promise<Restore> {
  submitRestore(restoreId, opts);
  return ended(restoreId);
}

/** A queued test restore needs nothing but its row: any console's queue may start it. Resolves when it has ended. */
export function executeTestRestore(restoreId: number): Promise<Restore> {
  kickQueue();
  return ended(restoreId);
}

/** Cancel a restore or test restore of any process (see cancelTask); the caller audits it. */
export function cancelRestore(restoreId: number, reason: string): CancelOutcome | "ended" {
  const row = getDb().select({ kind: restores.kind, status: restores.status }).from(restores).where(eq(restores.id, restoreId)).get();
  if (!row || (row.status !== "queued" && row.status !== "running")) return "ended";
  const outcome = cancelTask(row.kind === "test" ? "test-restore" : "restore", restoreId, reason);
  if (outcome === "cancelled") engineState().params.delete(taskKey("restore", restoreId));
  return outcome;
}
