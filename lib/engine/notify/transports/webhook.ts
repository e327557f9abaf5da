import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { NotifyMessage } from "../message";
import { checkedAddress } from "../internal-address";
import type { WebhookConfig } from "../channel-config";
import type { NotifierTransport } from "./transport";

const TIMEOUT_MS = 15_000;

export interface WebhookTarget {
  url: string;
  slack: boolean;
  hmacSecret?: string;
  /** The admin allowed loopback / link-local / the console's own address for this channel. */
  allowInternal?: boolean;
}

/** sha256 HMAC of the exact bytes sent, hex: the receiver recomputes it over the raw body. */
export function signBody(body: string, secret: string): string {
  return "sha256=" + crypto.createHmac("sha256", secret).update(body, "utf8").digest("hex");
}

export function webhookBody(msg: NotifyMessage, slack: boolean): string {
  // Slack, Mattermost, Rocket.Chat and Google Chat all accept { "text": … }.
  return JSON.stringify(slack ? { text: msg.text } : msg.json);
}

/**
 * POST the message; resolves with the HTTP status of a 2xx answer, throws "HTTP <status>"
 * otherwise. The receiver's body is never read into an error: it is shown to admins and logged,
 * and an internal service's answer is not for them to read through the console. Redirects are
 * not followed. The connection goes to the address checkedAddress() vetted, not to a second
 * DNS answer.
 */
export async function sendWebhook(target: WebhookTarget, msg: NotifyMessage, now: Date = new Date()): Promise<number> {
  const body = webhookBody(msg, target.slack);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "user-agent": "Lifeboat-Notifier",
    "x-lifeboat-timestamp": String(Math.floor(now.getTime() / 1000)),
  };
  if (target.hmacSecret) headers["x-lifeboat-signature"] = signBody(body, target.hmacSecret);
  const url = new URL(target.url);
  const pinned = await checkedAddress(target.url, Boolean(target.allowInternal));
  const lookup: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise<number>((resolve, reject) => {
    const req = client.request(url, { method: "POST", headers, lookup, timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve(status);
      else reject(new Error(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ""}`));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", (e: NodeJS.ErrnoException) => reject(new Error(e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message)));
    req.end(body);
  });
}

export const webhookTransport: NotifierTransport = {
  type: "webhook",
  label: "Webhook (JSON, Slack-compatible)",
  send: async (channel, msg, now) => {
    const cfg = channel.config as unknown as WebhookConfig;
    if (!channel.secret.url) throw new Error("The channel has no webhook URL");
    return sendWebhook({ url: channel.secret.url, slack: cfg.slack, hmacSecret: channel.secret.hmacSecret, allowInternal: cfg.allowInternal === true }, msg, now);
  },
};
