import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb } from "../../db/client";
import { apps, events, notificationChannels, notificationDeliveries, targets } from "../../db/schema";
import { requirePermission, type Actor } from "../../auth/actor";
import { MAX_ATTEMPTS } from "../../engine/notify/timing";
import { iso } from "../iso";

/** One row of the delivery log. */
export interface DeliveryDto {
  id: number;
  channelId: number;
  channelName: string;
  /** The event type, or "test" for a "Send test" message. */
  eventType: string;
  eventAt: string | null;
  appName: string | null;
  targetName: string | null;
  runId: number | null;
  /** pending | sent | failed | retrying (failed, another attempt scheduled) */
  status: "pending" | "sent" | "failed" | "retrying";
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

export function listDeliveries(actor: Actor, opts: { limit?: number; channelId?: number } = {}): DeliveryDto[] {
  requirePermission(actor, "manage");
  const ch = alias(notificationChannels, "ch");
  const q = getDb()
    .select({
      d: notificationDeliveries,
      channelName: ch.name,
      eventType: events.type,
      eventAt: events.at,
      runId: events.runId,
      targetName: targets.name,
      appName: apps.name,
    })
    .from(notificationDeliveries)
    .innerJoin(ch, eq(ch.id, notificationDeliveries.channelId))
    .leftJoin(events, eq(events.id, notificationDeliveries.eventId))
    .leftJoin(targets, eq(targets.id, events.targetId))
    .leftJoin(apps, eq(apps.id, targets.appId));
  const rows = (opts.channelId ? q.where(eq(notificationDeliveries.channelId, opts.channelId)) : q)
    .orderBy(desc(notificationDeliveries.id))
    .limit(Math.min(opts.limit ?? 50, 500))
    .all();
  return rows.map(({ d, ...r }) => ({
    id: d.id,
    channelId: d.channelId,
    channelName: r.channelName,
    eventType: d.eventId == null ? "test" : (r.eventType ?? "(deleted event)"),
    eventAt: iso(r.eventAt),
    appName: r.appName,
    targetName: r.targetName,
    runId: r.runId,
    status: d.status === "failed" && d.nextAttemptAt ? "retrying" : d.status,
    attempts: d.attempts,
    maxAttempts: MAX_ATTEMPTS,
    nextAttemptAt: iso(d.nextAttemptAt),
    lastError: d.lastError,
    sentAt: iso(d.sentAt),
    createdAt: d.createdAt.toISOString(),
  }));
}
