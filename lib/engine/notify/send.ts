import type { NotificationChannel } from "../../db/schema";
import { unsealJson } from "../../crypto/secrets";
import type { NotifyMessage } from "./message";
import { transportFor } from "./transports/registry";

/**
 * Sends one message through a channel; throws with a readable reason when it fails. Resolves
 * with what the transport reports (a webhook's HTTP status; null for email).
 */
export async function sendThroughChannel(channel: NotificationChannel, msg: NotifyMessage, now: Date = new Date()): Promise<number | null> {
  const secret = unsealJson<Record<string, string>>(channel.secretEnc) ?? {};
  return transportFor(channel.type).send({ config: channel.config as Record<string, unknown>, secret }, msg, now);
}

/** A short, single-line reason for the delivery log. */
export function reasonOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s+/g, " ").trim().slice(0, 500) || "Unknown error";
}
