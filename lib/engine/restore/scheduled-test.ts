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
  const run = db
    .select({ id: runs.id })
    .from(runs)
    // Never an upload: its dump is untrusted and restoring it is an admin's decision, not a timer's.
    .where(and(eq(runs.targetId, targetId), eq(runs.artifactState, "present"), inArray(runs.status, ["success", "partial"]), ne(runs.trigger, "upload")))
    .orderBy(desc(runs.id))
    .get();
  let restoreId: number | null = null;
  if (run) {
    try {
      restoreId = queueScheduledTestRestore(run.id).id;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      console.warn(`[lifeboat] scheduled test restore of target ${targetId} skipped: ${e.message}`);
    }
  }
  // PITR on: the slot also verifies a point-in-time restore to one hour ago (pitr/test-restore.ts).
  // Queued after the artifact's: its task writes a running restores row when it starts, and the
  // artifact's test restore must not find that row and be refused as "already going on".
  const pitr = queuePitrTestRestore(targetId, scheduleId);
  if (restoreId != null || pitr) kickQueue();
  if (!run && !pitr && !pitrConfigured(targetId)) {
    db.transaction((tx) =>
      recordEvent(tx, { type: "test_restore.failed", targetId, payload: { scheduleId, error: "No backup with an artifact to test-restore" } }),
    );
    return null;
  }
  if (restoreId == null && !pitr) return null;
  return { restoreId, pitrRestoreId: pitr?.id ?? null };
}
