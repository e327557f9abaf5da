import { and, inArray, isNull, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { events, notificationChannels, notificationDeliveries, targets } from "../../db/schema";
import { channelWants } from "./match";
import { nextDigestAt, STALE_EVENT_MS } from "./timing";

const BATCH = 500;

/**
 * Turns undispatched events into one pending delivery per matching channel, then marks the
 * events dispatched, all in one transaction (so an event is fanned out exactly once).
 * Immediate channels are due now; digest channels at their next daily digest time.
 */
export function fanOutEvents(db: Db, now: Date, timezone: string): number {
  return db.transaction((tx) => {
    const pending = tx.select().from(events).where(isNull(events.dispatchedAt)).orderBy(asc(events.id)).limit(BATCH).all();
    if (pending.length === 0) return 0;
    const channels = tx.select().from(notificationChannels).where(eq(notificationChannels.enabled, true)).all();
    const targetIds = [...new Set(pending.map((e) => e.targetId).filter((id): id is number => id != null))];
    const appOf = new Map(
      targetIds.length
        ? tx.select({ id: targets.id, appId: targets.appId }).from(targets).where(inArray(targets.id, targetIds)).all().map((t) => [t.id, t.appId])
        : [],
    );
    let created = 0;
    for (const e of pending) {
      const stale = now.getTime() - e.at.getTime() > STALE_EVENT_MS;
      if (!stale) {
        for (const ch of channels) {
          if (!channelWants(ch, e, e.targetId != null ? (appOf.get(e.targetId) ?? null) : null)) continue;
          const hour = typeof ch.config.digestHour === "number" ? ch.config.digestHour : 8;
          const due = ch.digest ? nextDigestAt(now, hour, timezone) : now;
          const r = tx
            .insert(notificationDeliveries)
            .values({ channelId: ch.id, eventId: e.id, status: "pending", nextAttemptAt: due })
            .onConflictDoNothing()
            .run();
          created += r.changes;
        }
      }
      tx.update(events).set({ dispatchedAt: now }).where(and(eq(events.id, e.id), isNull(events.dispatchedAt))).run();
    }
    return created;
  });
}
