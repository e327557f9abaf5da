import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, targets } from "../../db/schema";
import { SCHEDULER } from "../../audit/actor";
import { writeAudit } from "../../audit/write";
import { ConflictError, ValidationError } from "../../errors";
import { recordEvent } from "../events";
import { insertTestRestore } from "../restores/queue";
import { canRestoreType } from "./destination";
import { artifactFileOf } from "./paths";
import { kickQueue } from "../queue/queue";
import { queuePitrTestRestore } from "../pitr/test-restore";
import { pitrConfig } from "../pitr/config-rows";

const pitrConfigured = (targetId: number) => !!pitrConfig(targetId)?.enabled;

/** Queue a test restore the scheduler decided on: the row and its restore.test audit row (scheduler) together. */
function queueScheduledTestRestore(runId: number): { id: number } {
  const db = getDb();
  const row = db.select({ run: runs, type: targets.type }).from(runs).innerJoin(targets, eq(targets.id, runs.targetId)).where(eq(runs.id, runId)).get()!;
  if (!canRestoreType(row.type)) throw new ValidationError(`Test restores of ${row.type} targets are not supported`);
  artifactFileOf(row.run);
  return db.transaction((tx) => {
    const r = insertTestRestore(tx, { runId, targetId: row.run.targetId, userId: null });
    writeAudit(tx, SCHEDULER, { action: "restore.test", entityType: "restore", entityId: r.id, after: { runId, targetId: row.run.targetId } });
    return r;
  });
}

/**
 * A "test_restore" schedule slot: test-restore the target's newest good artifact of its own. Returns once
 * the test restore is queued (the scheduler's tick must not wait for it); the result lands on the
 * run and, on failure, as a test_restore.failed event.
 */
export async function scheduledTestRestore({ targetId, scheduleId }: { targetId: number; scheduleId: number }): Promise<unknown> {
  const db = getDb();
  // PITR on: the slot also verifies a point-in-time restore to one hour ago (pitr/test-restore.ts).
  const pitr = queuePitrTestRestore(targetId, scheduleId);
  if (pitr) kickQueue();
  const run = db
    .select({ id: runs.id })
    .from(runs)
    // Never an upload: its dump is untrusted and restoring it is an admin's decision, not a timer's.
    .where(and(eq(runs.targetId, targetId), eq(runs.artifactState, "present"), inArray(runs.status, ["success", "partial"]), ne(runs.trigger, "upload")))
    .orderBy(desc(runs.id))
    .get();
  if (!run) {
    if (pitr || pitrConfigured(targetId)) return pitr ? { pitrRestoreId: pitr.id } : null;
    db.transaction((tx) =>
      recordEvent(tx, { type: "test_restore.failed", targetId, payload: { scheduleId, error: "No backup with an artifact to test-restore" } }),
    );
    return null;
  }
  try {
    const { id } = queueScheduledTestRestore(run.id);
    kickQueue();
    return { restoreId: id, pitrRestoreId: pitr?.id ?? null };
  } catch (e) {
    if (e instanceof ConflictError) {
      console.warn(`[lifeboat] scheduled test restore of target ${targetId} skipped: ${e.message}`);
      return null;
    }
    throw e;
  }
}
