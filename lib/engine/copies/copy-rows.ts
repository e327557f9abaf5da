import { and, eq, inArray, notInArray } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { runs, storageLocations, tasks, type Run } from "../../db/schema";
import { runCopies, type RunCopy } from "../../db/schema-copies";
import { copiesOfTarget } from "./target-storage";

export const COPY_KIND = "copy";
/**
 * Below scheduled backups (20), above retention (10): a copy waits for backups that are due, and
 * the copy task kind runs one copy at a time, so a queue slot stays free for the next backup.
 */
export const COPY_PRIORITY = 15;

/** The object a copy is stored under: the run's key, `.age` added when the location encrypts. */
export const copyKeyOf = (artifactKey: string, encryption: string) => (encryption === "age" ? `${artifactKey}.age` : artifactKey);

function queueTask(tx: DbOrTx, copyId: number, at: Date): number {
  const task = tx
    .insert(tasks)
    .values({ kind: COPY_KIND, targetId: null, priority: COPY_PRIORITY, params: { runCopyId: copyId }, status: "queued", queuedAt: at })
    .returning({ id: tasks.id })
    .get();
  tx.update(runCopies).set({ taskId: task.id }).where(eq(runCopies.id, copyId)).run();
  return task.id;
}

/**
 * After a successful backup: one pending copy (and one queued copy task) per copy location of
 * the target. The task has no target (targetId null), so it never holds the target: the next
 * backup of it starts while the copy still runs.
 */
export function queueCopiesForRun(run: Pick<Run, "id" | "targetId" | "artifactPath" | "sha256" | "snapshot">, at: Date): number[] {
  if (!run.artifactPath && !run.snapshot) return [];
  const db = getDb();
  return db.transaction(
    (tx) => {
      const ids: number[] = [];
      for (const c of copiesOfTarget(run.targetId, tx)) {
        const loc = tx.select({ encryption: storageLocations.encryption }).from(storageLocations).where(eq(storageLocations.id, c.storageId)).get();
        if (!loc) continue;
        const row = tx
          .insert(runCopies)
          .values(
            run.artifactPath
              ? { runId: run.id, targetId: run.targetId, storageId: c.storageId, status: "pending", key: copyKeyOf(run.artifactPath, loc.encryption), encryption: loc.encryption, plainSha256: run.sha256, queuedAt: at }
              : // A restic snapshot: no object key; restic's repository encrypts it with its own password.
                { runId: run.id, targetId: run.targetId, storageId: c.storageId, status: "pending", key: null, encryption: "none", queuedAt: at },
          )
          .onConflictDoNothing()
          .returning({ id: runCopies.id })
          .get();
        if (!row) continue;
        queueTask(tx, row.id, at);
        ids.push(row.id);
      }
      return ids;
    },
    { behavior: "immediate" },
  );
}

/** Copy again (a failed copy, a copy a crash stopped): pending with a new task. */
export function requeueCopy(copyId: number, at: Date, note: string | null = null, db: DbOrTx = getDb()): void {
  db.update(runCopies).set({ status: "pending", error: note, startedAt: null }).where(eq(runCopies.id, copyId)).run();
  queueTask(db, copyId, at);
}

export function copyRow(id: number, db: DbOrTx = getDb()): RunCopy | undefined {
  return db.select().from(runCopies).where(eq(runCopies.id, id)).get();
}

export function copiesOfRun(runId: number, db: DbOrTx = getDb()): RunCopy[] {
  return db.select().from(runCopies).where(eq(runCopies.runId, runId)).orderBy(runCopies.id).all();
}

export function setCopy(id: number, set: Partial<RunCopy>, db: DbOrTx = getDb()): void {
  db.update(runCopies).set(set).where(eq(runCopies.id, id)).run();
}

/** Runs whose artifact a pending or running copy still reads: retention keeps them in the primary. */
export function runsBeingCopied(db: DbOrTx, runIds: number[]): Set<number> {
  if (runIds.length === 0) return new Set();
  const rows = db
    .select({ runId: runCopies.runId })
    .from(runCopies)
    .where(and(inArray(runCopies.runId, runIds), inArray(runCopies.status, ["pending", "copying"])))
    .all();
  return new Set(rows.map((r) => r.runId));
}

/**
 * Start-up recovery: copies left `copying` or `pending` whose task is no longer queued or running
 * (the console stopped, its task was interrupted) are queued again; the next attempt first
 * removes what the interrupted put left (discardIncomplete).
 */
export function requeueStrandedCopies(now: Date, db: DbOrTx = getDb()): number[] {
  const live = db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.kind, COPY_KIND), inArray(tasks.status, ["queued", "running"]))).all().map((t) => t.id);
  const stranded = db
    .select({ id: runCopies.id, taskId: runCopies.taskId })
    .from(runCopies)
    .innerJoin(runs, eq(runs.id, runCopies.runId))
    .where(and(inArray(runCopies.status, ["pending", "copying"]), live.length ? notInArray(runCopies.taskId, live) : undefined))
    .all();
  for (const c of stranded) requeueCopy(c.id, now, "Lifeboat stopped while this copy was pending or running; copying again", db);
  return stranded.map((c) => c.id);
}
