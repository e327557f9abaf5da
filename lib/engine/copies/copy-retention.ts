import { and, eq, inArray } from "drizzle-orm";
import { getDb, type Db, type DbOrTx } from "../../db/client";
import { restores, runs } from "../../db/schema";
import { runCopies, targetCopies, type RunCopy } from "../../db/schema-copies";
import { writeAudit } from "../../audit/write";
import { SCHEDULER, type Actor } from "../../audit/actor";
import { decideRetention, type ArtifactKind, type RetentionArtifact } from "../retention/decide";
import { bucketTimezone } from "../retention/candidates";
import { isCountedTrigger } from "../status/counted-runs";
import { backendFor, getLocation } from "../storage/locations";
import { deleteArtifactObjects } from "../storage/run-artifact";
import { copiesOfTarget, copyPolicy } from "./target-storage";
import { forgetCopiedSnapshot, resticCopiesToForget } from "../restic/copy-retention";

export interface CopyPruneResult {
  targetId: number;
  storageId: number;
  /** run_copies ids now `pruned`. */
  pruned: number[];
  skipped: { copyId: number; reason: string }[];
}

/** Runs a queued or running restore reads (from any of its copies). */
function runsBeingRestored(db: DbOrTx, runIds: number[]): Set<number> {
  if (runIds.length === 0) return new Set();
  const rows = db
    .select({ runId: restores.runId })
    .from(restores)
    .where(and(inArray(restores.runId, runIds), inArray(restores.status, ["queued", "running"])))
    .all();
  return new Set(rows.map((r) => r.runId));
}

const kindOf = (trigger: string): ArtifactKind => (isCountedTrigger(trigger) ? "backup" : trigger === "upload" ? "upload" : "safety");

/** Delete a marked copy's object (and its .sha256) and confirm it `pruned`; what fails stays `pruning`. */
async function finishCopyDelete(db: Db, copy: RunCopy): Promise<void> {
  const loc = getLocation(copy.storageId, db);
  if (!loc) throw new Error(`storage location ${copy.storageId} is gone`);
  // A restic run's copy is a snapshot in the location's repository, not an object.
  if (copy.snapshotId) await forgetCopiedSnapshot(loc, copy.snapshotId);
  else await deleteArtifactObjects(backendFor(loc), copy.key!);
  db.update(runCopies).set({ status: "pruned" }).where(and(eq(runCopies.id, copy.id), eq(runCopies.status, "pruning"))).run();
}

/**
 * Retention of one copy location of a target: the same keep rules as the primary's
 * (decideRetention), applied to the runs copied there, independently of the primary — a run
 * pruned from the primary keeps its copy, a copy pruned here leaves the primary alone. The newest
 * copied one is never deleted (whatever its kind), nor a pinned run's, nor one a restore reads.
 * Two phases like the primary's (artifact-delete.ts): mark `pruning` with the audit row in one
 * transaction, then delete the object and confirm `pruned`; a mark a crash left is finished by
 * finishPendingCopyDeletes.
 */
export async function applyCopyRetention(targetId: number, storageId: number, now: Date = new Date(), actor: Actor = SCHEDULER): Promise<CopyPruneResult> {
  const db = getDb();
  const result: CopyPruneResult = { targetId, storageId, pruned: [], skipped: [] };
  const tc = copiesOfTarget(targetId, db).find((c) => c.storageId === storageId);
  if (!tc) return result; // no longer a copy location of the target: its copies are kept
  const policy = copyPolicy(tc);
  const rows = db
    .select({ copy: runCopies, run: runs })
    .from(runCopies)
    .innerJoin(runs, eq(runs.id, runCopies.runId))
    .where(and(eq(runCopies.targetId, targetId), eq(runCopies.storageId, storageId), eq(runCopies.status, "copied")))
    .all();
  if (rows.length === 0) return result;
  const reading = runsBeingRestored(db, rows.map((r) => r.run.id));
  const artifacts: RetentionArtifact[] = rows.map(({ copy, run }) => ({
    id: copy.id,
    kind: kindOf(run.trigger),
    at: run.startedAt ?? run.queuedAt,
    // A copy exists only of a good artifact: every copied one counts as successful.
    status: "success",
    pinned: run.pinned,
    pinnedUntil: run.pinnedUntil,
    inUse: reading.has(run.id),
  }));
  const timezone = bucketTimezone(db, targetId);
  // Artifact copies by decideRetention; restic copies by `restic forget` in the copy location's
  // repository (the same rules, restic's meaning), minus what Lifeboat must keep.
  const files = artifacts.filter((a) => !rows.find((r) => r.copy.id === a.id)!.copy.snapshotId);
  const toDelete = decideRetention(files, policy, now, timezone).delete.map((d) => d.id);
  const restic = rows.filter((r) => r.copy.snapshotId);
  if (restic.length) {
    const loc = getLocation(storageId, db);
    const forget = loc ? await resticCopiesToForget(loc, targetId, policy, timezone) : new Set<string>();
    const keep = (a: RetentionArtifact) => a.pinned || (a.pinnedUntil && a.pinnedUntil > now) || a.inUse;
    for (const r of restic) if (forget.has(r.copy.snapshotId!) && !keep(artifacts.find((a) => a.id === r.copy.id)!)) toDelete.push(r.copy.id);
  }
  const newest = [...artifacts].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id)[0];
  const byId = new Map(rows.map((r) => [r.copy.id, r]));
  for (const id of toDelete) {
    if (id === newest.id) continue;
    const { copy, run } = byId.get(id)!;
    const marked = db.transaction((tx) => {
      if (runsBeingRestored(tx, [run.id]).size) return false;
      const res = tx.update(runCopies).set({ status: "pruning" }).where(and(eq(runCopies.id, id), eq(runCopies.status, "copied"))).run();
      if (res.changes !== 1) return false; // another pass (a copy finishing, the sweep) took it
      writeAudit(
        tx,
        actor,
        {
          action: "copy.prune",
          entityType: "run",
          entityId: run.id,
          before: { storageId, status: "copied", key: copy.key, sizeBytes: copy.sizeBytes, ...(copy.snapshotId ? { snapshot: copy.snapshotId } : {}) },
          after: { storageId, status: "pruned", policy },
        },
        now,
      );
      return true;
    });
    if (!marked) continue;
    try {
      await finishCopyDelete(db, { ...copy, status: "pruning" });
      result.pruned.push(id);
    } catch (e) {
      result.skipped.push({ copyId: id, reason: `marked for pruning; the object is deleted by the next sweep (${(e as Error).message})` });
    }
  }
  return result;
}

/** Copies a crash or a failed delete left `pruning`: delete their objects and confirm them. */
export async function finishPendingCopyDeletes(db: Db = getDb()): Promise<{ done: number[]; failed: { copyId: number; reason: string }[] }> {
  const out = { done: [] as number[], failed: [] as { copyId: number; reason: string }[] };
  for (const copy of db.select().from(runCopies).where(eq(runCopies.status, "pruning")).all()) {
    try {
      await finishCopyDelete(db, copy);
      out.done.push(copy.id);
    } catch (e) {
      out.failed.push({ copyId: copy.id, reason: (e as Error).message });
    }
  }
  return out;
}

/** The daily sweep's part for copies: finish pending deletes, then every target's every copy location. */
export async function sweepCopyRetention(now: Date = new Date(), actor: Actor = SCHEDULER, signal?: AbortSignal): Promise<CopyPruneResult[]> {
  const db = getDb();
  const pending = await finishPendingCopyDeletes(db);
  for (const f of pending.failed) console.warn(`[lifeboat] could not delete copy ${f.copyId} yet: ${f.reason}`);
  const results: CopyPruneResult[] = [];
  for (const { targetId, storageId } of db.select({ targetId: targetCopies.targetId, storageId: targetCopies.storageId }).from(targetCopies).all()) {
    if (signal?.aborted) break;
    try {
      results.push(await applyCopyRetention(targetId, storageId, now, actor));
    } catch (e) {
      console.error(`[lifeboat] copy retention of target ${targetId} in location ${storageId} failed`, e);
    }
  }
  return results;
}
