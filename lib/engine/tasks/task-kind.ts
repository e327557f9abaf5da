import type { Db, Tx } from "../../db/client";

/**
 * One kind of background work (Backrest's orchestrator is the model): a backup, a restore, a test
 * restore, a retention prune, a sweep. The queue (lib/engine/queue/queue.ts) asks every kind of
 * lib/engine/tasks/registry.ts what is queued and what holds a target, picks by priority, claims,
 * runs, cancels; start-up recovery (recovery.ts) asks every kind to clean up after a crash.
 * A kind's items are rows of its own table (runs, restores) or of the generic `tasks` table; `id`
 * is always the row id there, and `${kind}:${id}` the item's key.
 */
export interface TaskKind {
  readonly name: string;
  /**
   * Its work runs on the target's server (a backup's dump or tar over SSH): at most that server's
   * `maxParallel` such items run at once (issue 17), besides the console-wide maxParallelRuns.
   */
  readonly runsOnTargetServer?: boolean;
  /** Queued items this engine instance may start (e.g. a restore only where its destination's secrets live). */
  queued(db: Db | Tx): Candidate[];
  /** Items (of any process) that hold their target now: nothing else of that target may start. */
  holders(db: Db | Tx): Holder[];
  /** Take a queued item (inside the queue's IMMEDIATE transaction); false when it is no longer queued. */
  claim(tx: Tx, id: number, at: Date): boolean;
  /** Do the work and record its outcome on the item's row; a cancel arrives as `ctx.signal`. */
  run(ctx: TaskContext): Promise<void>;
  /** End an item that has not started (a cancel before the claim); false when it is not queued. */
  cancelQueued(id: number, reason: string, at: Date): boolean;
  /** The abort reason the kind's own code recognises as "cancelled" (not "failed"). */
  cancelError(reason: string): Error;
  /**
   * Start-up recovery (after leftover child processes are killed): end what a stopped console
   * left queued or running (`interrupted`, or queued again when redoing it is harmless), remove
   * its scratch space. Returns one line per item for the boot log.
   */
  recover(now: Date): string[];
}

export interface Candidate {
  id: number;
  targetId: number | null;
  priority: number;
  queuedAt: number;
  /** The running item this one works for (a restore's safety backup): it may share that item's target and slot. */
  parentKey?: string | null;
}

export interface Holder {
  key: string;
  targetId: number;
}

export interface TaskContext {
  id: number;
  signal: AbortSignal;
  /** The injected clock (lib/engine/clock.ts). */
  clock: () => Date;
  /** Look at the queue again now: for work this item queued and waits for (a restore's safety backup). */
  kick: () => void;
}

/** Higher first. Restores and their safety backups before anything; people before timers; housekeeping last. */
export const PRIORITY = {
  restore: 100,
  safetyBackup: 100,
  manualBackup: 50,
  testRestore: 40,
  scheduledBackup: 20,
  prune: 10,
  sweep: 0,
} as const;

export const taskKey = (kind: string, id: number) => `${kind}:${id}`;
