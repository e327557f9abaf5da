import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { apps, restores, runs, targets, type EventRow } from "../../db/schema";
import { loadTargetStatus } from "../status/load-statuses";

/** An event with what a message needs to say about it (app, target, run, restore). */
export interface EventContext {
  event: Pick<EventRow, "id" | "type" | "at" | "targetId" | "runId" | "restoreId" | "payload">;
  app: { id: number; name: string } | null;
  target: { id: number; name: string; lastSuccessAt: Date | null } | null;
  run: { id: number; status: string; errorSummary: string | null; finishedAt: Date | null } | null;
  restore: { id: number; status: string; errorSummary: string | null; finishedAt: Date | null } | null;
}

export function loadEventContext(db: DbOrTx, event: EventContext["event"]): EventContext {
  const t = event.targetId
    ? db
        .select({ id: targets.id, name: targets.name, appId: apps.id, appName: apps.name })
        .from(targets)
        .innerJoin(apps, eq(apps.id, targets.appId))
        .where(eq(targets.id, event.targetId))
        .get()
    : undefined;
  const run = event.runId
    ? db
        .select({ id: runs.id, status: runs.status, errorSummary: runs.errorSummary, finishedAt: runs.finishedAt })
        .from(runs)
        .where(eq(runs.id, event.runId))
        .get()
    : undefined;
  const restore = event.restoreId
    ? db
        .select({ id: restores.id, status: restores.status, errorSummary: restores.errorSummary, finishedAt: restores.finishedAt })
        .from(restores)
        .where(eq(restores.id, event.restoreId))
        .get()
    : undefined;
  return {
    event,
    app: t ? { id: t.appId, name: t.appName } : null,
    // The same "last success" every view shows (the start of the newest counted successful backup).
    target: t ? { id: t.id, name: t.name, lastSuccessAt: loadTargetStatus(t.id, new Date(), db)?.lastSuccessStartedAt ?? null } : null,
    run: run ?? null,
    restore: restore ?? null,
  };
}
