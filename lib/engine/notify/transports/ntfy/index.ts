import { z } from "zod";
import type { NotifyMessage } from "../../message";
import { webhookUrlProblem } from "../../internal-address";
import { httpUrl, maskUrl, postPinned } from "../http-post";
import { ChannelFieldError, type NotifierTransport } from "../transport";

/**
 * ntfy (ntfy.sh or a self-hosted ntfy server): push notifications to phones and desktops by
 * topic. Published as JSON to the server's root URL (https://docs.ntfy.sh/publish/#publish-as-json),
 * which carries a non-ASCII title without header encoding. On a public server the topic name is
 * the only thing that keeps strangers from reading or sending: it is sealed like a password.
 */
const PRIORITY: Record<string, number> = { failed: 4, overdue: 4, warning: 3 };
const TAGS: Record<string, string> = { failed: "rotating_light", overdue: "hourglass", warning: "warning", ok: "white_check_mark", success: "white_check_mark" };

export function ntfyBody(topic: string, msg: NotifyMessage): string {
  const status = typeof msg.json.status === "string" ? msg.json.status : "";
  const click = typeof msg.json.url === "string" ? msg.json.url : typeof msg.json.runUrl === "string" ? msg.json.runUrl : undefined;
  return JSON.stringify({
    topic,
    title: msg.subject.replace(/^\[Lifeboat\]\s*/, ""),
    message: msg.text,
    priority: PRIORITY[status] ?? 3,
    tags: TAGS[status] ? [TAGS[status]] : [],
    ...(click ? { click } : {}),
  });
}

const schema = z.object({
  serverUrl: z.string().trim().url("Not a URL").refine(httpUrl, "Use an http:// or https:// URL").default("https://ntfy.sh"),
  /** Empty on update = keep the stored topic. */
  topic: z
    .union([z.string().trim().regex(/^[-_A-Za-z0-9]{1,64}$/, "A topic is 1–64 letters, digits, - or _"), z.literal("")])
    .optional()
    .nullable(),
  token: z.string().max(500).optional().nullable(),
  allowInternal: z.boolean().default(false),
});

export const ntfyTransport: NotifierTransport = {
  type: "ntfy",
  label: "ntfy (push to phones)",
  legend: "ntfy",
  schema,
  defaults: { serverUrl: "https://ntfy.sh" },
  fields: [
    { name: "serverUrl", label: "ntfy server", kind: "url", hint: "https://ntfy.sh or your own ntfy server." },
    {
      name: "topic",
      label: "Topic",
      kind: "secret",
      hint: "Subscribe to it in the ntfy app. On a public server, a long random name is the only protection: it is stored encrypted.",
      hintWhenSet: "A topic is set. Leave empty to keep it, or type a new one to replace it.",
    },
    {
      name: "token",
      label: "Access token (optional)",
      kind: "secret",
      hint: "For a server with access control (tk_…); sent as a Bearer token.",
      hintWhenSet: "A token is set. Leave empty to keep it.",
      clearLabel: "Remove the access token",
    },
    { name: "allowInternal", label: "Allow internal addresses (loopback, link-local, this console's own address)", kind: "checkbox" },
  ],
  store(input) {
    const d = input as z.output<typeof schema>;
    if (!d.topic) throw new ChannelFieldError("topic", "The topic is required");
    if (!d.allowInternal) {
      const problem = webhookUrlProblem(d.serverUrl);
      if (problem) throw new ChannelFieldError("serverUrl", problem);
    }
    return {
      config: { serverUrl: d.serverUrl.replace(/\/+$/, ""), allowInternal: d.allowInternal },
      secret: { topic: d.topic, ...(d.token ? { token: d.token } : {}) },
    };
  },
  settings: (c) => ({ serverUrl: String(c.serverUrl ?? ""), allowInternal: c.allowInternal === true }),
  describe: (c, set) => [`ntfy${set.token ? ", with a token" : ""}`, maskUrl(String(c.serverUrl ?? ""))],
  send: async (channel, msg) => {
    const topic = channel.secret.topic;
    if (!topic) throw new Error("The channel has no ntfy topic");
    const base = String(channel.config.serverUrl ?? "https://ntfy.sh");
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (channel.secret.token) headers.authorization = `Bearer ${channel.secret.token}`;
    return postPinned({ url: `${base}/`, allowInternal: channel.config.allowInternal === true }, headers, ntfyBody(topic, msg));
  },
};
