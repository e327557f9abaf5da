import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { onBoot } from "../../boot";
import { getDb } from "../../db/client";
import { restores, runs } from "../../db/schema";
import { SCHEDULER } from "../../auth/actor";
import { ConflictError } from "../../errors";
import { recordEvent } from "../events";
import { registerTestRestoreRunner } from "../scheduler/ports";
import { createTestRestore } from "../../services/restores/create-test";
import { executeTestRestore } from "./test-restore";
import { removeRestoreScratch } from "./paths";

export const INTERRUPTED_RESTORE = "Lifeboat stopped while this restore was going on; the destination may be half restored — restore again, or restore its safety backup";

/** A restore left queued/running by a crash or a restart is marked interrupted (it cannot resume). */
export function recoverInterruptedRestores(): number {
  const now = new Date();
  return getDb()
    .update(restores)
    .set({ status: "interrupted", finishedAt: now, errorSummary: INTERRUPTED_RESTORE })
    .where(inArray(restores.status, ["queued", "running"]))
    .run().changes;
}

/**
 * A "test_restore" schedule slot: test-restore the target's newest good artifact of its own. Returns once
 * the test restore is queued (the scheduler's tick must not wait for it); the result lands on the
 * run and, on failure, as a test_restore.failed event.
 */
export async function scheduledTestRestore({ targetId, scheduleId }: { targetId: number; scheduleId: number }): Promise<unknown> {
  const db = getDb();
  const run = db
    .select({ id: runs.id })
    .from(runs)
    // Never an upload: its dump is untrusted and restoring it is an admin's decision, not a timer's.
    .where(and(eq(runs.targetId, targetId), eq(runs.artifactState, "present"), inArray(runs.status, ["success", "partial"]), ne(runs.trigger, "upload")))
    .orderBy(desc(runs.id))
    .get();
  if (!run) {
    db.transaction((tx) =>
      recordEvent(tx, { type: "test_restore.failed", targetId, payload: { scheduleId, error: "No backup with an artifact to test-restore" } }),
    );
    return null;
  }
  try {
    const { id } = createTestRestore(SCHEDULER, run.id);
    void executeTestRestore(id).catch((e) => console.error(`[test restore ${id}]`, e));
    return { restoreId: id };
  } catch (e) {
    if (e instanceof ConflictError) {
      console.warn(`[lifeboat] scheduled test restore of target ${targetId} skipped: ${e.message}`);
      return null;
    }
    throw e;
  }
}

registerTestRestoreRunner(scheduledTestRestore);

/** Scratch folders of restores not queued or running (after recovery: of none) are removed. */
export function removeLeftoverRestoreScratch(): string[] {
  const db = getDb();
  return removeRestoreScratch((id) => {
    const r = db.select({ status: restores.status }).from(restores).where(eq(restores.id, id)).get();
    return r?.status === "queued" || r?.status === "running";
  });
}

onBoot("restores", () => {
  registerTestRestoreRunner(scheduledTestRestore);
  const n = recoverInterruptedRestores();
  if (n) console.warn(`[lifeboat] ${n} restore(s) were interrupted by a restart`);
  const scratch = removeLeftoverRestoreScratch();
  if (scratch.length) console.warn(`[lifeboat] removed the scratch space of ${scratch.length} stopped restore(s)`);
});
