import { z } from "zod";
import { EVENT_TYPES } from "../../engine/events";

const idList = z.array(z.coerce.number().int().positive()).nullable();

/** What every channel has, whatever its transport. */
const common = {
  name: z.string().trim().min(1, "Give the channel a name").max(100),
  eventTypes: z.array(z.enum(EVENT_TYPES)).min(1, "Pick at least one event"),
  /** null = every app / every target. */
  appIds: idList.default(null),
  targetIds: idList.default(null),
  digest: z.boolean().default(false),
  /** Hour of the day (console timezone) the daily digest goes out. */
  digestHour: z.coerce.number().int().min(0).max(23).default(8),
  enabled: z.boolean().default(true),
};

// "Name <a@b.c>" or a bare address; nodemailer parses both.
const mailbox = z
  .string()
  .trim()
  .refine((s) => /^[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+$/.test(s) || /^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/.test(s), "Not an email address");

const emailFields = {
  type: z.literal("email"),
  host: z.string().trim().min(1, "SMTP host is required"),
  port: z.coerce.number().int().min(1).max(65535),
  /** true = TLS from the first byte (port 465); false = plain with STARTTLS when offered. */
  secure: z.boolean().default(false),
  user: z.string().trim().max(200).optional().nullable(),
  /** Empty = keep the stored password. */
  password: z.string().max(500).optional().nullable(),
  clearPassword: z.boolean().default(false),
  from: mailbox,
  to: z.array(z.string().trim().email("Not an email address")).min(1, "Add at least one recipient"),
};

const httpUrl = z
  .string()
  .trim()
  .url("Not a URL")
  .refine((u) => /^https?:\/\//i.test(u), "Use an http:// or https:// URL");

const webhookFields = {
  type: z.literal("webhook"),
  /** Empty on update = keep the stored URL (it is sealed: Slack-style URLs are credentials). */
  url: z.union([httpUrl, z.literal("")]).optional().nullable(),
  slack: z.boolean().default(false),
  /** Empty = keep the stored signing secret. */
  hmacSecret: z.string().max(500).optional().nullable(),
  clearHmacSecret: z.boolean().default(false),
  /** Allow loopback, link-local and the console's own address (refused by default: SSRF). */
  allowInternal: z.boolean().default(false),
};

export const channelInput = z.discriminatedUnion("type", [
  z.object({ ...common, ...emailFields }),
  z.object({ ...common, ...webhookFields }),
]);
export type ChannelInput = z.input<typeof channelInput>;
export type ChannelData = z.output<typeof channelInput>;

export const updateChannelInput = z.object({ id: z.coerce.number().int().positive() }).and(channelInput);
export type UpdateChannelInput = z.input<typeof updateChannelInput>;
