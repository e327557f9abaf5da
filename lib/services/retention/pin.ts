import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, targets } from "../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";

/** Pin (never pruned) or unpin a run's artifact (operator+). `until` pins for a while only. */
export function setRunPinned(actor: Actor, runId: number, pinned: boolean, until: Date | null = null, now: Date = new Date()) {
  requirePermission(actor, "run.pin");
  if (pinned && until && until <= now) throw new ValidationError("Pin until a time in the future", { until: "Pick a time in the future" });
  return getDb().transaction((tx) => {
    const row = tx.select({ run: runs, appId: targets.appId }).from(runs).innerJoin(targets, eq(targets.id, runs.targetId)).where(eq(runs.id, runId)).get();
    const scope = actorAppScope(actor);
    if (!row || (scope && !scope.includes(row.appId))) throw new NotFoundError(`Run ${runId} not found`);
    const before = { pinned: row.run.pinned, pinnedUntil: row.run.pinnedUntil?.toISOString() ?? null };
    // A timed pin is stored as pinnedUntil only, so it lapses by itself.
    const set = pinned ? { pinned: !until, pinnedUntil: until } : { pinned: false, pinnedUntil: null };
    tx.update(runs).set(set).where(eq(runs.id, runId)).run();
    const after = { pinned: set.pinned, pinnedUntil: set.pinnedUntil?.toISOString() ?? null };
    writeAudit(tx, actor, { action: pinned ? "run.pin" : "run.unpin", entityType: "run", entityId: runId, before, after }, now);
    return { id: runId, ...after };
  });
}
