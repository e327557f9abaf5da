import { events } from "../db/schema";
import type { DbOrTx } from "../db/client";

export const EVENT_TYPES = [
  "run.failed",
  "run.partial",
  "target.overdue",
  "target.recovered",
  "restore.success",
  "restore.failed",
  "test_restore.failed",
  "storage.forecast",
  "pitr.stopped",
  "pitr.lagging",
  "pitr.slot_bloat",
  "copy.failed",
  "copy.lagging",
  "copy.recovered",
  "copy.corrupt",
  "server.unreachable",
  "server.host_key_changed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Record something notifications may send (an outbox row). Call it inside the transaction of the
 * change it reports, so an event exists exactly when the change does. The notifier dispatches it.
 */
export function recordEvent(
  tx: DbOrTx,
  e: {
    type: EventType;
    targetId?: number | null;
    runId?: number | null;
    restoreId?: number | null;
    payload?: Record<string, unknown>;
    at?: Date;
  },
): void {
  tx.insert(events)
    .values({
      at: e.at ?? new Date(),
      type: e.type,
      targetId: e.targetId ?? null,
      runId: e.runId ?? null,
      restoreId: e.restoreId ?? null,
      payload: e.payload ?? null,
    })
    .run();
}
