import type { Actor } from "../../audit/actor";
import type { RunStatus } from "../../db/schema";
import { kickQueue } from "../queue/queue";
import { insertEngineBackup, type EnqueueBackup } from "./enqueue";

/**
 * Queue a backup the engine decides on itself (a scheduled slot, a retry) and kick the queue.
 * People and tokens go through lib/services/runs/trigger.ts, which checks their rights. Task kinds
 * never import this file (the queue imports them): they insert and call their context's kick.
 */
export function queueBackup(auditAs: Actor, o: EnqueueBackup): { id: number; status: RunStatus } {
  const run = insertEngineBackup(auditAs, o);
  kickQueue();
  return run;
}
