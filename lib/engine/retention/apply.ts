import fs from "node:fs";
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { SCHEDULER, type Actor } from "../../audit/actor";
import { getSettings } from "../../settings/settings";
import { planRetention, runsBeingRead } from "./candidates";
import { artifactAbsolutePath } from "../storage/local";

export interface PruneResult {
  targetId: number;
  pruned: number[];
  skipped: { runId: number; reason: string }[];
}

function removeIfPresent(file: string): void {
  try {
    fs.rmSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

/**
 * Apply the target's policy now: for each artifact the decision deletes, in one transaction per
 * artifact, re-check the safety rules (a restore may have started since the plan), mark the run
 * "pruned" (the row stays for history and charts), audit `artifact.prune`, then delete the file
 * and its .sha256 as the last step — if the deletion throws, the row change rolls back.
 */
export function applyRetention(targetId: number, now: Date = new Date(), actor: Actor = SCHEDULER): PruneResult {
  const db = getDb();
  const plan = planRetention(targetId, now, undefined, db);
  const result: PruneResult = { targetId, pruned: [], skipped: [] };
  const defaultRoot = getSettings(db).defaultStorageDir;
  for (const { id } of plan.decision.delete) {
    const planned = plan.runs.get(id)!;
    try {
      db.transaction((tx) => {
        const run = tx.select().from(runs).where(and(eq(runs.id, id), eq(runs.artifactState, "present"))).get();
        if (!run || !run.artifactPath) return;
        if (run.pinned || (run.pinnedUntil && run.pinnedUntil > now)) throw new Error("pinned since the plan");
        if (runsBeingRead(tx, [id]).size) throw new Error("a restore reads it");
        const file = artifactAbsolutePath(run.storageRoot ?? defaultRoot, run.artifactPath);
        tx.update(runs).set({ artifactState: "pruned" }).where(eq(runs.id, id)).run();
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
        removeIfPresent(file);
        removeIfPresent(`${file}.sha256`);
      });
      const after = db.select({ s: runs.artifactState }).from(runs).where(eq(runs.id, id)).get();
      if (after?.s === "pruned") result.pruned.push(id);
    } catch (e) {
      result.skipped.push({ runId: planned.id, reason: (e as Error).message });
    }
  }
  return result;
}

/** The daily safety-net sweep: every target holding an artifact. */
export function sweepRetention(now: Date = new Date(), actor: Actor = SCHEDULER): PruneResult[] {
  const db = getDb();
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
