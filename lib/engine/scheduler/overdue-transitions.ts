import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { targets } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { recordEvent } from "../events";
import { SCHEDULER } from "../../audit/actor";
import { loadTargetStatuses } from "../status/load-statuses";

export interface Transitions {
  overdue: number[];
  recovered: number[];
  cleared: number[];
}

/**
 * Record the moments targets become overdue and recover: one `target.overdue` event per episode
 * (the rule in lib/engine/status/target-status.ts keeps an episode open across slots until a counted
 * success serves the expected slot), then one `target.recovered`. The conditional UPDATE (… where
 * overdue_since is null / is not null) makes this safe with two scheduler processes: only the one
 * whose update changed the row writes the event and the audit row, in the same transaction.
 */
export function applyOverdueTransitions(now: Date): Transitions {
  const db = getDb();
  const out: Transitions = { overdue: [], recovered: [], cleared: [] };
  for (const [targetId, info] of loadTargetStatuses(now)) {
    if (info.overdue && !info.recordedOverdue) {
      const { slot, deadline, scheduleId } = info.overdue;
      db.transaction((tx) => {
        const r = tx
          .update(targets)
          .set({ overdueSince: deadline, overdueSlot: slot })
          .where(and(eq(targets.id, targetId), isNull(targets.overdueSince)))
          .run();
        if (r.changes !== 1) return;
        const payload = { slot: slot.toISOString(), expectedAt: slot.toISOString(), deadline: deadline.toISOString(), scheduleId };
        recordEvent(tx, { type: "target.overdue", targetId, payload, at: now });
        writeAudit(tx, SCHEDULER, { action: "target.overdue", entityType: "target", entityId: targetId, after: payload }, now);
        out.overdue.push(targetId);
      });
    } else if (!info.overdue && info.recordedOverdue) {
      // A counted success starting at or after the missed slot served it → recovered. Otherwise the
      // schedule was disabled, edited or deleted, or the target paused: the episode is just cleared.
      const slot = info.recordedOverdue.slot;
      const served = info.lastSuccessStartedAt !== null && (slot === null || info.lastSuccessStartedAt.getTime() >= slot.getTime());
      const recovered = served && info.status !== "paused";
      clearOverdue(targetId, now, recovered ? "recovered" : "cleared", recovered ? (info.lastSuccess?.id ?? null) : null);
      (recovered ? out.recovered : out.cleared).push(targetId);
    }
  }
  return out;
}

/** Clear overdue_since; "recovered" also records the target.recovered event. Idempotent across processes. */
export function clearOverdue(targetId: number, now: Date, how: "recovered" | "cleared", runId?: number | null): boolean {
  return getDb().transaction((tx) => {
    const before = tx.select({ since: targets.overdueSince }).from(targets).where(eq(targets.id, targetId)).get();
    const r = tx
      .update(targets)
      .set({ overdueSince: null, overdueSlot: null })
      .where(and(eq(targets.id, targetId), isNotNull(targets.overdueSince)))
      .run();
    if (r.changes !== 1) return false;
    const payload = { overdueSince: before?.since?.toISOString() ?? null, runId: runId ?? null };
    if (how === "recovered") recordEvent(tx, { type: "target.recovered", targetId, runId, payload, at: now });
    writeAudit(tx, SCHEDULER, { action: how === "recovered" ? "target.recovered" : "target.overdue_cleared", entityType: "target", entityId: targetId, after: payload }, now);
    return true;
  });
}
