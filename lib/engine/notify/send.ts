import type { NotificationChannel } from "../../db/schema";
import { unsealJson } from "../../crypto/secrets";
import type { ChannelSecret, EmailConfig, WebhookConfig } from "./channel-config";
import type { NotifyMessage } from "./message";
import { sendEmail } from "./transports/email";
import { sendWebhook } from "./transports/webhook";

/**
 * Sends one message through a channel; throws with a readable reason when it fails. Resolves
 * with the webhook's HTTP status (null for email).
 */
export async function sendThroughChannel(channel: NotificationChannel, msg: NotifyMessage, now: Date = new Date()): Promise<number | null> {
  const secret = unsealJson<ChannelSecret>(channel.secretEnc) ?? {};
  if (channel.type === "email") {
    await sendEmail(channel.config as unknown as EmailConfig, secret.password, msg);
    return null;
  }
  const cfg = channel.config as unknown as WebhookConfig;
  if (!secret.url) throw new Error("The channel has no webhook URL");
  return sendWebhook({ url: secret.url, slack: cfg.slack, hmacSecret: secret.hmacSecret, allowInternal: cfg.allowInternal === true }, msg, now);
}

/** A short, single-line reason for the delivery log. */
export function reasonOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s+/g, " ").trim().slice(0, 500) || "Unknown error";
}
