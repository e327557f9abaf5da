import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { apps, runs, targets, type RunStatus, type RunTrigger } from "../../db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { writeAudit, type AuditEntry } from "../../audit/write";
import type { Actor } from "../../audit/actor";
import { assertNoActiveRestore } from "../queue/restore-guard";
import { now } from "../clock";
import { activeRunOf } from "./active";
import { refreshTargetStatus } from "../status/stored";

export interface EnqueueBackup {
  targetId: number;
  trigger: RunTrigger;
  /** Who asked (recorded on the run row); null for the scheduler and the system. */
  userId?: number | null;
  tokenId?: number | null;
  scheduleId?: number | null;
  scheduledFor?: Date | null;
  retryOfRunId?: number | null;
  attempt?: number;
  restoreId?: number | null;
  pinUntil?: Date | null;
}

export interface QueuedBackup {
  id: number;
  status: RunStatus;
  /** "app/target", for the caller's audit row. */
  target: string;
}

function isSlotConflict(e: unknown): boolean {
  const x = e as { code?: string; message?: string };
  return x?.code === "SQLITE_CONSTRAINT_UNIQUE" && /runs\.schedule_id|runs_schedule_slot/.test(x.message ?? "");
}

/**
 * Insert a queued backup run of a target: one queued-or-running run per target; external targets
 * have no driver; disabled targets only run when something other than a person or the scheduler
 * asks (a safety backup before a restore); no backup while a restore of the target goes on (its own
 * safety backup excepted). Call it inside an IMMEDIATE transaction (the restore check and the
 * insert hold the write lock together), write the audit row in it, and kick the queue after commit.
 */
export function enqueueBackup(tx: DbOrTx, o: EnqueueBackup, at: Date = now()): QueuedBackup {
  const row = tx
    .select({ t: targets, appName: apps.name })
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(eq(targets.id, o.targetId))
    .get();
  if (!row) throw new NotFoundError(`Target ${o.targetId} not found`);
  const { t, appName } = row;
  if (t.type === "external")
    throw new ValidationError(`${appName}/${t.name} is an external target: its own script runs the backup and reports to Lifeboat`);
  if (!t.enabled && (o.trigger === "manual" || o.trigger === "api" || o.trigger === "scheduler"))
    throw new ValidationError(`${appName}/${t.name} is disabled: enable it to back it up`);
  const busy = activeRunOf(tx, o.targetId);
  if (busy) throw new ConflictError(`A backup of ${appName}/${t.name} is already running`);
  let run: { id: number; status: RunStatus };
  try {
    run = tx
      .insert(runs)
      .values({
        targetId: o.targetId,
        trigger: o.trigger,
        status: "queued",
        queuedAt: at,
        userId: o.userId ?? null,
        tokenId: o.tokenId ?? null,
        scheduleId: o.scheduleId ?? null,
        scheduledFor: o.scheduledFor ?? null,
        retryOfRunId: o.retryOfRunId ?? null,
        attempt: o.attempt ?? 1,
        restoreId: o.restoreId ?? null,
        pinned: !!o.pinUntil,
        pinnedUntil: o.pinUntil ?? null,
      })
      .returning({ id: runs.id, status: runs.status })
      .get();
  } catch (e) {
    if (isSlotConflict(e)) throw new ConflictError("slot already has a run");
    throw e;
  }
  assertNoActiveRestore(tx, o.targetId, o.trigger, o.restoreId);
  refreshTargetStatus(o.targetId, tx);
  return { ...run, target: `${appName}/${t.name}` };
}

/** The `run.trigger` audit row of a queued backup (the same words whoever asked). */
export function runTriggerAudit(q: QueuedBackup, o: EnqueueBackup): AuditEntry {
  return {
    action: "run.trigger",
    entityType: "run",
    entityId: q.id,
    after: { targetId: o.targetId, target: q.target, trigger: o.trigger, scheduleId: o.scheduleId ?? null, scheduledFor: o.scheduledFor ?? null },
  };
}

/**
 * A backup the engine decides on itself (a scheduled slot, a retry, a restore's safety backup):
 * the run and its audit row, attributed to `auditAs`, in one IMMEDIATE transaction. The caller
 * kicks the queue (queue-backup.ts does; a running task uses its context's kick).
 */
export function insertEngineBackup(auditAs: Actor, o: EnqueueBackup, at: Date = now()): { id: number; status: RunStatus } {
  return getDb().transaction(
    (tx) => {
      const q = enqueueBackup(tx, o, at);
      writeAudit(tx, auditAs, runTriggerAudit(q, o), at);
      return { id: q.id, status: q.status };
    },
    { behavior: "immediate" },
  );
}
