import { and, asc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import { getDb, type Db } from "../../db/client";
import { events, notificationChannels, notificationDeliveries, type NotificationChannel } from "../../db/schema";
import { env } from "../../env";
import { getSettings } from "../../settings/settings";
import { fanOutEvents } from "./fan-out";
import { loadEventContext, type EventContext } from "./event-context";
import { buildDigest, buildMessage, type MessageOptions } from "./message";
import { reasonOf, sendThroughChannel } from "./send";
import { LEASE_MS, nextRetryAt } from "./timing";

export interface DispatchResult {
  created: number;
  sent: number;
  failed: number;
}

type Claimed = { id: number; channelId: number; eventId: number | null; attempts: number };

const CLAIM_LIMIT = 200;

export function messageOptions(): MessageOptions {
  return { baseUrl: env().LIFEBOAT_PUBLIC_URL ?? "http://localhost:3000", timezone: getSettings().defaultTimezone };
}

/** Takes the due deliveries and leases them, so an overlapping tick or a second instance skips them. */
function claimDue(db: Db, now: Date): Claimed[] {
  return db.transaction((tx) => {
    const rows = tx
      .select({
        id: notificationDeliveries.id,
        channelId: notificationDeliveries.channelId,
        eventId: notificationDeliveries.eventId,
        attempts: notificationDeliveries.attempts,
      })
      .from(notificationDeliveries)
      .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
      .where(
        and(
          inArray(notificationDeliveries.status, ["pending", "failed"]),
          isNotNull(notificationDeliveries.nextAttemptAt),
          lte(notificationDeliveries.nextAttemptAt, now),
          eq(notificationChannels.enabled, true),
        ),
      )
      .orderBy(asc(notificationDeliveries.id))
      .limit(CLAIM_LIMIT)
      .all();
    if (rows.length) {
      tx.update(notificationDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
        .where(inArray(notificationDeliveries.id, rows.map((r) => r.id)))
        .run();
    }
    return rows;
  });
}

function recordOutcome(db: Db, rows: Claimed[], now: Date, error: string | null): void {
  db.transaction((tx) => {
    for (const r of rows) {
      const attempts = r.attempts + 1;
      tx.update(notificationDeliveries)
        .set(
          error === null
            ? { status: "sent", attempts, sentAt: now, lastError: null, nextAttemptAt: null }
            : { status: "failed", attempts, lastError: error, nextAttemptAt: nextRetryAt(attempts, now) },
        )
        .where(eq(notificationDeliveries.id, r.id))
        .run();
    }
  });
}

async function sendGroup(db: Db, channel: NotificationChannel, rows: Claimed[], now: Date, opts: MessageOptions): Promise<boolean> {
  const contexts: EventContext[] = [];
  for (const r of rows) {
    const e = r.eventId ? db.select().from(events).where(eq(events.id, r.eventId)).get() : undefined;
    if (e) contexts.push(loadEventContext(db, e));
  }
  let error: string | null = null;
  try {
    if (contexts.length === 0) throw new Error("The event of this delivery no longer exists");
    if (channel.digest) {
      await sendThroughChannel(channel, buildDigest(contexts, opts, now), now);
    } else {
      await sendThroughChannel(channel, buildMessage(contexts[0], opts), now);
    }
  } catch (e) {
    error = reasonOf(e);
    console.warn(`[notify] channel "${channel.name}" (#${channel.id}) failed: ${error}`);
  }
  recordOutcome(db, rows, now, error);
  return error === null;
}

/**
 * One notifier tick: fan new events out to channels, then send what is due (immediate
 * deliveries one by one, digest channels as one summary). Never throws: a broken channel is
 * recorded in its delivery rows and retried with backoff; backups never wait on it.
 */
export async function dispatchPending(now: Date = new Date(), db: Db = getDb()): Promise<DispatchResult> {
  const opts = messageOptions();
  const created = fanOutEvents(db, now, opts.timezone);
  const due = claimDue(db, now);
  const result: DispatchResult = { created, sent: 0, failed: 0 };
  if (due.length === 0) return result;
  const channels = new Map(
    db.select().from(notificationChannels).where(inArray(notificationChannels.id, [...new Set(due.map((d) => d.channelId))])).all().map((c) => [c.id, c]),
  );
  const groups: { channel: NotificationChannel; rows: Claimed[] }[] = [];
  for (const d of due) {
    const channel = channels.get(d.channelId)!;
    const open = channel.digest ? groups.find((g) => g.channel.id === channel.id) : undefined;
    if (open) open.rows.push(d);
    else groups.push({ channel, rows: [d] });
  }
  for (const g of groups) {
    try {
      const ok = await sendGroup(db, g.channel, g.rows, now, opts);
      if (ok) result.sent += g.rows.length;
      else result.failed += g.rows.length;
    } catch (e) {
      // Only a database error lands here; the lease lets the next tick try again.
      console.error("[notify] could not record a delivery", e);
    }
  }
  return result;
}
