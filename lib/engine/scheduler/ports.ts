import type { Actor } from "../../auth/actor";

/** What the scheduler asks the backup engine for (lib/runner's enqueueRun fits; tests may pass their own). */
export interface EnqueueOptions {
  trigger: "scheduler" | "retry" | "manual";
  scheduleId?: number | null;
  scheduledFor?: Date | null;
  attempt?: number;
  retryOfRunId?: number | null;
}
export type Enqueue = (actor: Actor, targetId: number, opts: EnqueueOptions) => Promise<{ id: number }> | { id: number };

/** A scheduled test restore (registered by the restore feature). */
export type TestRestoreRunner = (args: { scheduleId: number; targetId: number; scheduledFor: Date }) => Promise<unknown> | unknown;

const g = globalThis as unknown as { __lifeboatTestRestoreRunner?: TestRestoreRunner | null };

/** The restore feature registers how a "test_restore" schedule slot is executed. */
export function registerTestRestoreRunner(fn: TestRestoreRunner | null): void {
  g.__lifeboatTestRestoreRunner = fn;
}

export function testRestoreRunner(): TestRestoreRunner | null {
  return g.__lifeboatTestRestoreRunner ?? null;
}
