import { getDb } from "../../db/client";
import { restores, type TargetType } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { actorId, requirePermission, type Actor } from "../../auth/actor";
import { ValidationError } from "../../errors";
import { loadRunForActor } from "../runs/get";
import { canRestoreType } from "../../engine/restore/destination";
import { artifactFileOf } from "../../engine/restore/paths";
import { assertTargetIdle } from "./query";
import { assertMayRestoreRun } from "./upload-rights";

/**
 * Queue a test restore ("verify by restoring") of a run: restored into a scratch place that is
 * dropped afterwards. Nothing of the target is touched, but it still waits its turn behind a
 * backup or restore of the same target (they would compete for the same database server).
 */
export function createTestRestore(actor: Actor, runId: number): { id: number } {
  requirePermission(actor, "restore.execute");
  const { run, dto } = loadRunForActor(actor, runId);
  assertMayRestoreRun(actor, run, { type: dto.targetType as TargetType });
  if (!canRestoreType(dto.targetType as never)) throw new ValidationError(`Test restores of ${dto.targetType} targets are not supported`);
  artifactFileOf(run);
  return getDb().transaction((tx) => {
    assertTargetIdle(tx, run.targetId);
    const row = tx
      .insert(restores)
      .values({
        runId: run.id,
        targetId: run.targetId,
        kind: "test",
        destination: { mode: "scratch", label: "a scratch copy (dropped afterwards)" },
        status: "queued",
        userId: actor.type === "user" ? actorId(actor) : null,
        queuedAt: new Date(),
      })
      .returning()
      .get();
    writeAudit(tx, actor, { action: "restore.test", entityType: "restore", entityId: row.id, after: { runId: run.id, targetId: run.targetId } });
    return { id: row.id };
  });
}
