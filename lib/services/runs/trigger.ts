import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { targets, type RunStatus, type RunTrigger } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";
import { enqueueBackup, runTriggerAudit, type EnqueueBackup } from "../../engine/runs/enqueue";
import { kickQueue } from "../../engine/queue/queue";
import { now } from "../../engine/clock";

export type TriggerOptions = Partial<Omit<EnqueueBackup, "targetId" | "userId" | "tokenId">>;

function defaultTrigger(actor: Actor): RunTrigger {
  if (actor.type === "scheduler") return "scheduler";
  if (actor.type === "token" || actor.type === "ping") return "api";
  return "manual";
}

/**
 * Queue a backup of a target (operator+) and start it when a slot is free: the run and its
 * `run.trigger` audit row in one IMMEDIATE transaction, then the queue is kicked. A ConflictError
 * when the target already has a run, or a restore going on (its own safety backup excepted).
 */
export function enqueueRun(actor: Actor, targetId: number, opts: TriggerOptions = {}): { id: number; status: RunStatus } {
  requirePermission(actor, "run.trigger");
  const at = now();
  const run = getDb().transaction(
    (tx) => {
      const scope = actorAppScope(actor);
      if (scope) {
        const t = tx.select({ appId: targets.appId }).from(targets).where(eq(targets.id, targetId)).get();
        if (t && !scope.includes(t.appId)) throw new NotFoundError(`Target ${targetId} not found`);
      }
      const o: EnqueueBackup = {
        ...opts,
        targetId,
        trigger: opts.trigger ?? defaultTrigger(actor),
        userId: actor.type === "user" ? actor.id : null,
        tokenId: actor.type === "token" ? actor.id : null,
      };
      const q = enqueueBackup(tx, o, at);
      writeAudit(tx, actor, runTriggerAudit(q, o), at);
      return { id: q.id, status: q.status };
    },
    { behavior: "immediate" },
  );
  kickQueue();
  return run;
}
