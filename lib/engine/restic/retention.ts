import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, targets } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { SCHEDULER, type Actor } from "../../audit/actor";
import { bucketTimezone, runsBeingRead } from "../retention/candidates";
import { policyOf } from "../retention/policy";
import { getLocation } from "../storage/locations";
import { forgetByPolicy } from "./forget";
import { forgetSnapshots } from "./snapshots";
import { targetTag } from "./repo";
import { withRepoOf } from "./target-repo";

export interface ResticRetentionResult {
  forgotten: number[];
  kept: { runId: number; reason: string }[];
}

/**
 * Retention of a restic target: the policy through `restic forget --dry-run` (restic's own
 * meaning of the --keep-* rules, buckets in the schedule's timezone), then forget exactly those
 * snapshots except the ones Lifeboat must keep (pinned runs, runs a restore reads). Their runs
 * become `pruned`, audited like the tar engine's prunes. The data goes with the next prune task.
 */
export async function applyResticRetention(targetId: number, now: Date, signal?: AbortSignal, actor: Actor = SCHEDULER): Promise<ResticRetentionResult> {
  const db = getDb();
  const target = db.select().from(targets).where(eq(targets.id, targetId)).get();
  const out: ResticRetentionResult = { forgotten: [], kept: [] };
  if (!target) return out;
  const rows = db.select().from(runs).where(and(eq(runs.targetId, targetId), eq(runs.artifactState, "snapshot"))).all();
  for (const storageId of new Set(rows.map((r) => r.storageId).filter((x): x is number => x != null))) {
    const loc = getLocation(storageId, db);
    if (!loc) continue;
    await withRepoOf(
      loc,
      async (repo) => {
        const plan = await forgetByPolicy(repo, targetTag(targetId), policyOf(target), { dryRun: true, timezone: bucketTimezone(db, targetId), signal });
        // restic 0.14's backup summary gives the short id; forget lists full ones.
        const isGone = (id: string) => plan.removed.some((full) => full.startsWith(id));
        const here = rows.filter((r) => r.storageId === storageId && r.snapshot && isGone(r.snapshot.id));
        const reading = runsBeingRead(db, here.map((r) => r.id));
        const drop = here.filter((r) => {
          const why = r.pinned || (r.pinnedUntil && r.pinnedUntil > now) ? "pinned" : reading.has(r.id) ? "a restore reads it" : null;
          if (why) out.kept.push({ runId: r.id, reason: why });
          return !why;
        });
        if (!drop.length) return;
        await forgetSnapshots(repo, drop.map((r) => r.snapshot!.id), { signal });
        db.transaction((tx) => {
          tx.update(runs).set({ artifactState: "pruned" }).where(inArray(runs.id, drop.map((r) => r.id))).run();
          for (const r of drop) {
            writeAudit(tx, actor, { action: "artifact.prune", entityType: "run", entityId: r.id, before: { artifactState: "snapshot", snapshot: r.snapshot!.id }, after: { artifactState: "pruned", policy: policyOf(target) } }, now);
          }
        });
        out.forgotten.push(...drop.map((r) => r.id));
      },
      { signal },
    );
  }
  return out;
}
