/** What the scheduler asks the backup engine for (engine/runs/queue-backup.s queueBackup fits; tests may pass their own). */
export interface EnqueueOptions {
  trigger: "scheduler" | "retry" | "manual";
  scheduleId?: number | null;
  scheduledFor?: Date | null;
  attempt?: number;
  retryOfRunId?: number | null;
}
export type Enqueue = (targetId: number, opts: EnqueueOptions) => Promise<{ id: number }> | { id: number };

/** How a "test_restore" schedule slot is executed (engine/restore/scheduled-test.ts; tests may pass their own). */
export type TestRestoreRunner = (args: { scheduleId: number; targetId: number; scheduledFor: Date }) => Promise<unknown> | unknown;
