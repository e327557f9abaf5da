import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { SCHEDULER, type Actor } from "../../audit/actor";
import { planRetention, runsBeingRead } from "./candidates";
import { artifactOf } from "../storage/run-artifact";
import { finishPendingDeletes, finishRunDeleteNow, kickDeleteSweep } from "../storage/artifact-delete";

export interface PruneResult {
  targetId: number;
  pruned: number[];
  skipped: { runId: number; reason: string }[];
}

/**
 * Apply the target's policy now. For each artifact the decision deletes, in two phases (see
 * storage/artifact-delete.ts): one transaction re-checks the safety rules (a restore may have
 * started since the plan), marks the run `pruning` and audits `artifact.prune`; then, outside it,
 * the object and its .sha256 are deleted through the location's backend and the run becomes
 * `pruned` (the row stays for history and charts). A deletion that fails or cannot happen now
 * (a remote location) stays marked and the sweep finishes it.
 */
export function applyRetention(targetId: number, now: Date = new Date(), actor: Actor = SCHEDULER): PruneResult {
  const db = getDb();
  const plan = planRetention(targetId, now, undefined, db);
  const result: PruneResult = { targetId, pruned: [], skipped: [] };
  let remote = false;
  for (const { id } of plan.decision.delete) {
    const planned = plan.runs.get(id)!;
    try {
      const marked = db.transaction((tx) => {
        const run = tx.select().from(runs).where(and(eq(runs.id, id), eq(runs.artifactState, "present"))).get();
        if (!run || !run.artifactPath) return null;
        if (run.pinned || (run.pinnedUntil && run.pinnedUntil > now)) throw new Error("pinned since the plan");
        if (runsBeingRead(tx, [id]).size) throw new Error("a restore reads it");
        artifactOf(run, tx); // a key that would leave its location is refused before anything changes
        tx.update(runs).set({ artifactState: "pruning" }).where(eq(runs.id, id)).run();
        writeAudit(
          tx,
          actor,
          {
            action: "artifact.prune",
            entityType: "run",
            entityId: id,
            before: { artifactState: "present", artifactPath: run.artifactPath, sizeBytes: run.sizeBytes },
            after: { artifactState: "pruned", policy: plan.policy },
          },
          now,
        );
        return { ...run, artifactState: "pruning" };
      });
      if (!marked) continue;
      try {
        if (finishRunDeleteNow(marked, db)) result.pruned.push(id);
        else remote = true;
      } catch (e) {
        result.skipped.push({ runId: id, reason: `marked for pruning; the file is deleted by the next sweep (${(e as Error).message})` });
      }
    } catch (e) {
      result.skipped.push({ runId: planned.id, reason: (e as Error).message });
    }
  }
  if (remote) kickDeleteSweep();
  return result;
}

/** The daily safety-net sweep: every target holding an artifact. */
export function sweepRetention(now: Date = new Date(), actor: Actor = SCHEDULER): PruneResult[] {
  const db = getDb();
  // Deletions a crash or a failure left half done are finished first (asynchronously: remote backends).
  void finishPendingDeletes(db).catch((e) => console.error("[lifeboat] artifact delete sweep failed", e));
  const ids = db
    .selectDistinct({ targetId: runs.targetId })
    .from(runs)
    .where(inArray(runs.artifactState, ["present"]))
    .all()
    .map((r) => r.targetId);
  const results: PruneResult[] = [];
  for (const id of ids) {
    try {
      results.push(applyRetention(id, now, actor));
    } catch (e) {
      console.error(`[lifeboat] retention for target ${id} failed`, e);
    }
  }
  return results;
}
