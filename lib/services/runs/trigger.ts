import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, runs, targets, type RunStatus, type RunTrigger } from "../../db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { activeRunOf } from "../../engine/runs/active";

export interface TriggerOptions {
  trigger?: RunTrigger;
  scheduleId?: number | null;
  scheduledFor?: Date | null;
  retryOfRunId?: number | null;
  attempt?: number;
  restoreId?: number | null;
  pinUntil?: Date | null;
}

function defaultTrigger(actor: Actor): RunTrigger {
  if (actor.type === "scheduler") return "scheduler";
  if (actor.type === "token" || actor.type === "ping") return "api";
  return "manual";
}

function isSlotConflict(e: unknown): boolean {
  const x = e as { code?: string; message?: string };
  return x?.code === "SQLITE_CONSTRAINT_UNIQUE" && /runs\.schedule_id|runs_schedule_slot/.test(x.message ?? "");
}

/**
 * Queue a backup run of a target (operator+): one queued-or-running run per target; external
 * targets have no driver; disabled targets only run when something other than a person asks
 * (a safety backup before a restore). Inserts the run and the audit row in one transaction.
 */
export function triggerRun(actor: Actor, targetId: number, opts: TriggerOptions = {}, at = new Date()): { id: number; status: RunStatus } {
  requirePermission(actor, "run.trigger");
  const trigger = opts.trigger ?? defaultTrigger(actor);
  try {
    return getDb().transaction((tx) => {
      const row = tx
        .select({ t: targets, appName: apps.name })
        .from(targets)
        .innerJoin(apps, eq(apps.id, targets.appId))
        .where(eq(targets.id, targetId))
        .get();
      if (!row) throw new NotFoundError(`Target ${targetId} not found`);
      const { t, appName } = row;
      if (actor.type === "token" && actor.appIds && !actor.appIds.includes(t.appId)) throw new NotFoundError(`Target ${targetId} not found`);
      if (t.type === "external")
        throw new ValidationError(`${appName}/${t.name} is an external target: its own script runs the backup and reports to Lifeboat`);
      if (!t.enabled && (trigger === "manual" || trigger === "api" || trigger === "scheduler"))
        throw new ValidationError(`${appName}/${t.name} is disabled: enable it to back it up`);
      const busy = activeRunOf(tx, targetId);
      if (busy) throw new ConflictError(`A backup of ${appName}/${t.name} is already running`);
      const run = tx
        .insert(runs)
        .values({
          targetId,
          trigger,
          status: "queued",
          queuedAt: at,
          userId: actor.type === "user" ? actor.id : null,
          tokenId: actor.type === "token" ? actor.id : null,
          scheduleId: opts.scheduleId ?? null,
          scheduledFor: opts.scheduledFor ?? null,
          retryOfRunId: opts.retryOfRunId ?? null,
          attempt: opts.attempt ?? 1,
          restoreId: opts.restoreId ?? null,
          pinned: !!opts.pinUntil,
          pinnedUntil: opts.pinUntil ?? null,
        })
        .returning({ id: runs.id, status: runs.status })
        .get();
      writeAudit(
        tx,
        actor,
        {
          action: "run.trigger",
          entityType: "run",
          entityId: run.id,
          after: { targetId, target: `${appName}/${t.name}`, trigger, scheduleId: opts.scheduleId ?? null, scheduledFor: opts.scheduledFor ?? null },
        },
        at,
      );
      return run;
    });
  } catch (e) {
    if (isSlotConflict(e)) throw new ConflictError("slot already has a run");
    throw e;
  }
}
