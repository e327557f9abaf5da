import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { runs, tasks } from "../../db/schema";
import { pitrBaseBackups, pitrCopies, pitrTargets, type PitrBaseBackup } from "../../db/schema-pitr";
import { getLocation } from "../storage/locations";

/**
 * A base backup is a run like any other (issue 15): a `runs` row of kind "pitr-base" next to its
 * pitr_base_backups row (run_id), so the target's run list, its status and its history show it.
 * Its artifact state is "pitr" while the files are stored: the generic paths that download,
 * copy, test-restore or prune an artifact look for "present" and leave it alone; PITR retention
 * (retention.ts) deletes the files and marks the run "pruned".
 */

export const BASE_RUN_KIND = "pitr-base";
export const BASE_ARTIFACT_STATE = "pitr";

/** What the run page and GET /api/v1/runs/{id} show of a base backup run: the WAL range it needs. */
export interface PitrBaseOfRun {
  baseBackupId: number;
  timeline: number | null;
  startLsn: string | null;
  endLsn: string | null;
  startWal: string | null;
  endWal: string | null;
  files: { name: string; size: number; storedSize: number; sha256: string }[];
  /** Its copies in the target's copy locations (pitr/offsite.ts), kept there by their own retention. */
  copies: { storageId: number; storage: string; encryption: "none" | "age"; storedSize: number; copiedAt: string }[];
}

/** The run row of a base backup that starts now (in the transaction that inserts the base backup row). */
export function insertBaseRun(tx: DbOrTx, targetId: number, at: Date, logPath: string | null): number {
  const storageId = tx.select({ s: pitrTargets.storageId }).from(pitrTargets).where(eq(pitrTargets.targetId, targetId)).get()?.s ?? null;
  return tx
    .insert(runs)
    .values({ targetId, kind: BASE_RUN_KIND, trigger: "pitr", status: "running", queuedAt: at, startedAt: at, storageId, logPath, artifactState: "none" })
    .returning({ id: runs.id })
    .get().id;
}

/** The base backup ended: its run gets the outcome (size stored, sha256 of base.tar as pg_basebackup wrote it). */
export function finishBaseRun(tx: DbOrTx, b: PitrBaseBackup, at: Date): void {
  if (b.runId == null) return;
  const tar = b.files.find((f) => f.name === "base.tar");
  const ok = b.status === "success";
  tx.update(runs)
    .set({
      status: ok ? "success" : "failed",
      finishedAt: at,
      durationMs: at.getTime() - b.startedAt.getTime(),
      sizeBytes: ok ? b.sizeBytes : null,
      sha256: ok ? (tar?.sha256 ?? null) : null,
      artifactState: ok ? BASE_ARTIFACT_STATE : "none",
      errorSummary: ok ? null : (b.error ?? "The base backup failed"),
    })
    .where(eq(runs.id, b.runId))
    .run();
}

/** PITR retention deleted a base backup's files: its run stays, for history, as pruned. */
export function markBaseRunsPruned(tx: DbOrTx, runIds: number[]): void {
  if (runIds.length) tx.update(runs).set({ artifactState: "pruned" }).where(and(inArray(runs.id, runIds), eq(runs.artifactState, BASE_ARTIFACT_STATE))).run();
}

/** The pitr-base-backup task that takes this run's base backup (cancelling the run cancels it). */
export function baseBackupTaskOfRun(runId: number): number | null {
  return getDb().select({ t: pitrBaseBackups.taskId }).from(pitrBaseBackups).where(eq(pitrBaseBackups.runId, runId)).get()?.t ?? null;
}

export function baseBackupOfRun(runId: number): PitrBaseOfRun | null {
  const db = getDb();
  const b = db.select().from(pitrBaseBackups).where(eq(pitrBaseBackups.runId, runId)).get();
  const copied = db
    .select()
    .from(pitrCopies)
    .where(and(eq(pitrCopies.kind, "base"), isNull(pitrCopies.deletingAt), sql`json_extract(${pitrCopies.base}, '$.runId') = ${runId}`))
    .orderBy(pitrCopies.storageId)
    .all();
  const copies = copied.map((c) => ({ storageId: c.storageId, storage: getLocation(c.storageId, db)?.name ?? `#${c.storageId}`, encryption: c.encryption, storedSize: c.storedSize, copiedAt: c.copiedAt.toISOString() }));
  // Pruned from the PITR location but still kept in a copy location: described from the copy.
  const src = b ?? (copied[0]?.base ? { ...copied[0].base, id: copied[0].base.id } : null);
  if (!src) return null;
  return {
    baseBackupId: src.id,
    timeline: src.timeline,
    startLsn: src.startLsn,
    endLsn: src.endLsn,
    startWal: src.startWal,
    endWal: src.endWal,
    files: src.files.map((f) => ({ name: f.name, size: f.size, storedSize: f.storedSize, sha256: f.sha256 })),
    copies,
  };
}

/**
 * Start-up: base backups taken before they were runs (migration 0018) get their run row, with
 * the outcome they had; each in its own transaction, so a second console starting meanwhile
 * finds them linked (run_id is checked again inside). Returns how many were linked.
 */
export function linkBaseBackupRuns(): number {
  const db = getDb();
  let n = 0;
  for (const b of db.select().from(pitrBaseBackups).where(isNull(pitrBaseBackups.runId)).all()) {
    db.transaction((tx) => {
      const fresh = tx.select().from(pitrBaseBackups).where(eq(pitrBaseBackups.id, b.id)).get();
      if (!fresh || fresh.runId != null) return;
      // Still running under a task of a console that runs it: that task finishes it unlinked; linked next start.
      const task = fresh.taskId == null ? undefined : tx.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, fresh.taskId)).get();
      if (fresh.status === "running" && task?.status === "running") return;
      const runId = insertBaseRun(tx, b.targetId, b.startedAt, null);
      tx.update(pitrBaseBackups).set({ runId }).where(eq(pitrBaseBackups.id, b.id)).run();
      if (fresh.status === "running") {
        // Left running by a stopped console: no copy was finished.
        tx.update(runs).set({ status: "interrupted", finishedAt: fresh.startedAt, errorSummary: "The console stopped during the base backup" }).where(eq(runs.id, runId)).run();
      } else finishBaseRun(tx, { ...fresh, runId }, fresh.finishedAt ?? fresh.startedAt);
      if (fresh.deletingAt) tx.update(runs).set({ artifactState: "pruned" }).where(eq(runs.id, runId)).run();
      n++;
    });
  }
  return n;
}

/**
 * Start-up, after task recovery: a base backup left "running" by a console that stopped (its task
 * no longer queued or running) failed — so the schedule retries it within the hour instead of
 * waiting a whole interval behind it, and retention may remove what it stored. Returns how many.
 */
export function failStaleBaseBackups(at: Date = new Date()): number {
  const db = getDb();
  let n = 0;
  for (const b of db.select().from(pitrBaseBackups).where(eq(pitrBaseBackups.status, "running")).all()) {
    const task = b.taskId == null ? undefined : db.select({ status: tasks.status }).from(tasks).where(eq(tasks.id, b.taskId)).get();
    if (task && (task.status === "queued" || task.status === "running")) continue;
    db.transaction((tx) => {
      const failed = tx
        .update(pitrBaseBackups)
        .set({ status: "failed", error: "The console stopped during the base backup" })
        .where(and(eq(pitrBaseBackups.id, b.id), eq(pitrBaseBackups.status, "running")))
        .returning()
        .get();
      // Its run: task recovery may have ended it interrupted already; a run still open ends here.
      if (failed?.runId != null) {
        tx.update(runs)
          .set({ status: "interrupted", finishedAt: at, errorSummary: failed.error })
          .where(and(eq(runs.id, failed.runId), inArray(runs.status, ["queued", "running"])))
          .run();
      }
      if (failed) n++;
    });
  }
  return n;
}
