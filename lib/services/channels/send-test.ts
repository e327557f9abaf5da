import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { notificationChannels, notificationDeliveries } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { NotFoundError } from "../../errors";
import { buildTestMessage } from "../../engine/notify/message";
import { messageOptions } from "../../engine/notify/dispatcher";
import { reasonOf, sendThroughChannel } from "../../engine/notify/send";

export interface TestSendResult {
  ok: boolean;
  /** The webhook's HTTP status when it answered 2xx (null for email); failures say it in `error`. */
  status: number | null;
  error: string | null;
  at: string;
}

/**
 * "Send test": sends synchronously (even to a paused channel: the admin wants to know it works)
 * and logs the attempt in the delivery log. Sending happens outside any transaction. `baseUrl`
 * is where its link points: the caller passes the console URL the admin is using when
 * LIFEBOAT_PUBLIC_URL is unset (else the message would link to localhost).
 */
export async function sendTestMessage(actor: Actor, channelId: number, now: Date = new Date(), baseUrl?: string): Promise<TestSendResult> {
  requirePermission(actor, "manage");
  const db = getDb();
  const channel = db.select().from(notificationChannels).where(eq(notificationChannels.id, channelId)).get();
  if (!channel) throw new NotFoundError(`Channel ${channelId} does not exist`);
  let error: string | null = null;
  let status: number | null = null;
  try {
    status = await sendThroughChannel(channel, buildTestMessage(channel.name, { ...messageOptions(), ...(baseUrl ? { baseUrl } : {}) }, now), now);
  } catch (e) {
    error = reasonOf(e);
  }
  db.transaction((tx) => {
    tx.insert(notificationDeliveries)
      .values({
        channelId,
        eventId: null,
        status: error ? "failed" : "sent",
        attempts: 1,
        lastError: error,
        sentAt: error ? null : now,
        nextAttemptAt: null,
      })
      .run();
    writeAudit(tx, actor, { action: "channel.test", entityType: "channel", entityId: channelId, after: { ok: !error, status, error } });
  });
  return { ok: !error, status, error, at: now.toISOString() };
}
