import crypto from "node:crypto";
import type { NotifyMessage } from "../message";

const TIMEOUT_MS = 15_000;

export interface WebhookTarget {
  url: string;
  slack: boolean;
  hmacSecret?: string;
}

/** sha256 HMAC of the exact bytes sent, hex: the receiver recomputes it over the raw body. */
export function signBody(body: string, secret: string): string {
  return "sha256=" + crypto.createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

export function webhookBody(msg: NotifyMessage, slack: boolean): string {
  // Slack, Mattermost, Rocket.Chat and Google Chat all accept { "text": … }.
  return JSON.stringify(slack ? { text: msg.text } : msg.json);
}

export async function sendWebhook(target: WebhookTarget, msg: NotifyMessage, now: Date = new Date()): Promise<void> {
  const body = webhookBody(msg, target.slack);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Lifeboat-Notifier",
    "x-lifeboat-timestamp": String(Math.floor(now.getTime() / 1000)),
  };
  if (target.hmacSecret) headers["x-lifeboat-signature"] = signBody(body, target.hmacSecret);
  let res: Response;
  try {
    res = await fetch(target.url, { method: "POST", headers, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "manual" });
  } catch (e) {
    // fetch hides the real reason (ECONNREFUSED, ENOTFOUND…) in `cause`.
    const cause = (e as { cause?: { message?: string; code?: string } }).cause;
    throw new Error(cause?.message ?? cause?.code ?? (e as Error).message);
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => "")).slice(0, 200).trim();
    throw new Error(`HTTP ${res.status} ${res.statusText}${text ? `: ${text}` : ""}`);
  }
  await res.body?.cancel().catch(() => {});
}
