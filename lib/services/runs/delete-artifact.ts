import { and, desc, eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { ConflictError } from "../../errors";
import { runsBeingRead } from "../../engine/retention/candidates";
import { artifactOf } from "../../engine/storage/run-artifact";
import { finishRunDeleteNow, kickDeleteSweep } from "../../engine/storage/artifact-delete";
import { countedTriggerSql } from "../../engine/status/counted-runs";
import { loadRunForActor } from "./get";

/**
 * Delete a run's artifact and its .sha256 (admin). The run keeps its row — history, charts,
 * audit — with the artifact state `deleted`. Refused (409) for what retention also never
 * deletes: a pinned artifact, the target's newest successful backup, one a restore reads. This is
 * also how an uploaded artifact goes (retention keeps uploads until someone deletes them). Two
 * phases (lib/engine/storage/artifact-delete.ts): the checks, the `deleting` mark and the audit in
 * one transaction; the files deleted after it, then `deleted`. A deletion that fails stays marked
 * and the sweep finishes it.
 */
export function deleteRunArtifact(actor: Actor, runId: number, now: Date = new Date()): void {
  requirePermission(actor, "manage");
  loadRunForActor(actor, runId); // 404, also outside a token's apps
  const marked = getDb().transaction((tx) => {
    const run = tx.select().from(runs).where(eq(runs.id, runId)).get()!;
    if (run.artifactState !== "present" || (!run.storageRoot && run.storageId == null) || !run.artifactPath) {
      throw new ConflictError(`Run ${runId} has no artifact to delete (artifact ${run.artifactState})`);
    }
    if (run.pinned || (run.pinnedUntil && run.pinnedUntil > now)) throw new ConflictError(`Run ${runId}'s artifact is pinned: unpin it first`);
    const newest = tx
      .select({ id: runs.id })
      .from(runs)
      // As retention: an upload or a safety backup never stands in for the newest real backup.
      .where(and(eq(runs.targetId, run.targetId), eq(runs.status, "success"), eq(runs.artifactState, "present"), countedTriggerSql(sql`${runs.trigger}`)))
      .orderBy(desc(sql`coalesce(${runs.startedAt}, ${runs.queuedAt})`), desc(runs.id))
      .get();
    if (newest?.id === runId) throw new ConflictError(`Run ${runId} holds the target's newest successful backup; it is kept until a newer one succeeds`);
    if (runsBeingRead(tx, [runId]).size) throw new ConflictError(`A restore is reading run ${runId}'s artifact right now`);
    artifactOf(run, tx); // a key that would leave its location is refused before anything changes
    tx.update(runs).set({ artifactState: "deleting" }).where(eq(runs.id, runId)).run();
    writeAudit(
      tx,
      actor,
      {
        action: "artifact.delete",
        entityType: "run",
        entityId: runId,
        before: { artifactState: "present", artifactPath: run.artifactPath, sizeBytes: run.sizeBytes },
        after: { artifactState: "deleted" },
      },
      now,
    );
    return { ...run, artifactState: "deleting" };
  });
  try {
    if (!finishRunDeleteNow(marked)) kickDeleteSweep();
  } catch (e) {
    console.warn(`[lifeboat] run ${runId}: the artifact is marked deleted; the sweep retries its files (${(e as Error).message})`);
  }
}
