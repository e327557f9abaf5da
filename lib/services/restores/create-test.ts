import { getDb } from "../../db/client";
import type { TargetType } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { actorId, requirePermission, type Actor } from "../../auth/actor";
import { ValidationError } from "../../errors";
import { loadRunForActor } from "../runs/get";
import { canRestoreType } from "../../engine/restore/destination";
import { artifactFileOf } from "../../engine/restore/paths";
import { insertTestRestore } from "../../engine/restores/queue";
import { assertMayRestoreRun } from "./upload-rights";

/**
 * Queue a test restore ("verify by restoring") of a run (operator+; an uploaded artifact into a
 * database needs an admin), audited as restore.test in the same transaction.
 */
export function createTestRestore(actor: Actor, runId: number): { id: number } {
  requirePermission(actor, "restore.execute");
  const { run, dto } = loadRunForActor(actor, runId);
  assertMayRestoreRun(actor, run, { type: dto.targetType as TargetType });
  if (!canRestoreType(dto.targetType as never)) throw new ValidationError(`Test restores of ${dto.targetType} targets are not supported`);
  artifactFileOf(run);
  return getDb().transaction((tx) => {
    const row = insertTestRestore(tx, { runId: run.id, targetId: run.targetId, userId: actor.type === "user" ? actorId(actor) : null });
    writeAudit(tx, actor, { action: "restore.test", entityType: "restore", entityId: row.id, after: { runId: run.id, targetId: run.targetId } });
    return { id: row.id };
  });
}
