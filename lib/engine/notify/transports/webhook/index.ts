import crypto from "node:crypto";
import { z } from "zod";
import type { NotifyMessage } from "../../message";
import { webhookUrlProblem } from "../../internal-address";
import { httpUrl, maskUrl, postPinned } from "../http-post";
import { ChannelFieldError, type NotifierTransport } from "../transport";

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

/** POST the message as JSON (signed when a secret is set); see postPinned for what is refused. */
export async function sendWebhook(target: WebhookTarget, msg: NotifyMessage, now: Date = new Date()): Promise<number> {
  const body = webhookBody(msg, target.slack);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-lifeboat-timestamp": String(Math.floor(now.getTime() / 1000)),
  };
  if (target.hmacSecret) headers["x-lifeboat-signature"] = signBody(body, target.hmacSecret);
  return postPinned({ url: target.url, allowInternal: Boolean(target.allowInternal) }, headers, body);
}

const schema = z.object({
  /** Empty on update = keep the stored URL (it is sealed: Slack-style URLs are credentials). */
  url: z
    .union([z.string().trim().url("Not a URL").refine(httpUrl, "Use an http:// or https:// URL"), z.literal("")])
    .optional()
    .nullable(),
  slack: z.boolean().default(false),
  hmacSecret: z.string().max(500).optional().nullable(),
  /** Allow loopback, link-local and the console's own address (refused by default: SSRF). */
  allowInternal: z.boolean().default(false),
});

export const webhookTransport: NotifierTransport = {
  type: "webhook",
  label: "Webhook (JSON, Slack-compatible)",
  legend: "Webhook",
  schema,
  fields: [
    {
      name: "url",
      label: "Webhook URL",
      kind: "secret",
      hint: "Lifeboat POSTs JSON here. The URL is stored encrypted: Slack-style URLs are credentials.",
      hintWhenSet: "Set ({urlDisplay}). Leave empty to keep it, or paste a new URL to replace it.",
    },
    { name: "slack", label: 'Slack-compatible (send { "text": … }; works with Slack, Mattermost, Rocket.Chat)', kind: "checkbox" },
    { name: "allowInternal", label: "Allow internal addresses (loopback, link-local such as 169.254.169.254, this console's own address)", kind: "checkbox" },
    {
      name: "hmacSecret",
      label: "Signing secret (optional)",
      kind: "secret",
      hint: "When set, requests carry X-Lifeboat-Signature: sha256=<HMAC of the raw body> and X-Lifeboat-Timestamp.",
      hintWhenSet: "A secret is set. Leave empty to keep it. Requests carry X-Lifeboat-Signature: sha256=<HMAC of the body>.",
      clearLabel: "Remove the signing secret",
    },
  ],
  store(input) {
    const d = input as z.output<typeof schema>;
    if (!d.url) throw new ChannelFieldError("url", "The webhook URL is required");
    if (!d.allowInternal) {
      const problem = webhookUrlProblem(d.url);
      if (problem) throw new ChannelFieldError("url", problem);
    }
    return {
      config: { urlDisplay: maskUrl(d.url), slack: d.slack, allowInternal: d.allowInternal },
      secret: { url: d.url, ...(d.hmacSecret ? { hmacSecret: d.hmacSecret } : {}) },
    };
  },
  settings: (c) => ({ urlDisplay: String(c.urlDisplay ?? ""), slack: Boolean(c.slack), allowInternal: c.allowInternal === true }),
  describe: (c, set) => [`Webhook${c.slack ? " (Slack-compatible)" : ""}${set.hmacSecret ? ", signed" : ""}`, String(c.urlDisplay ?? "")],
  send: async (channel, msg, now) => {
    if (!channel.secret.url) throw new Error("The channel has no webhook URL");
    const c = channel.config;
    return sendWebhook({ url: channel.secret.url, slack: Boolean(c.slack), hmacSecret: channel.secret.hmacSecret, allowInternal: c.allowInternal === true }, msg, now);
  },
};
