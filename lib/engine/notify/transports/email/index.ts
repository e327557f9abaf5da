import nodemailer from "nodemailer";
import { z } from "zod";
import type { NotifyMessage } from "../../message";
import type { NotifierTransport } from "../transport";

// A dead SMTP server must fail fast: the dispatcher sends one delivery after another.
const TIMEOUT_MS = 15_000;

/** What an email channel keeps in notification_channels.config (the password is sealed). */
export interface EmailConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  from: string;
  to: string[];
}

export async function sendEmail(cfg: EmailConfig, password: string | undefined, msg: NotifyMessage): Promise<void> {
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: cfg.user ? { user: cfg.user, pass: password ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({ from: cfg.from, to: cfg.to, subject: msg.subject, text: msg.text });
  } finally {
    transport.close();
  }
}

// "Name <a@b.c>" or a bare address; nodemailer parses both.
const mailbox = z
  .string()
  .trim()
  .refine((s) => /^[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+$/.test(s) || /^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/.test(s), "Not an email address");

const schema = z.object({
  host: z.string().trim().min(1, "SMTP host is required"),
  port: z.coerce.number().int().min(1).max(65535),
  /** true = TLS from the first byte (port 465); false = plain with STARTTLS when offered. */
  secure: z.boolean().default(false),
  user: z.string().trim().max(200).optional().nullable(),
  password: z.string().max(500).optional().nullable(),
  from: mailbox,
  to: z.array(z.string().trim().email("Not an email address")).min(1, "Add at least one recipient"),
});

const configOf = (c: Record<string, unknown>): EmailConfig => ({
  host: String(c.host ?? ""),
  port: Number(c.port ?? 25),
  secure: Boolean(c.secure),
  user: (c.user as string | null) ?? null,
  from: String(c.from ?? ""),
  to: Array.isArray(c.to) ? c.to.map(String) : [],
});

export const emailTransport: NotifierTransport = {
  type: "email",
  label: "Email (SMTP)",
  legend: "SMTP server",
  schema,
  defaults: { port: 587 },
  fields: [
    { name: "host", label: "SMTP host", kind: "text", pairWithNext: true },
    { name: "port", label: "Port", kind: "number" },
    { name: "secure", label: "TLS from the start (port 465); otherwise STARTTLS is used when the server offers it", kind: "checkbox" },
    { name: "user", label: "SMTP user (optional)", kind: "text" },
    {
      name: "password",
      label: "SMTP password",
      kind: "secret",
      hint: "Not set.",
      hintWhenSet: "A password is set. Leave empty to keep it, or type a new one to replace it.",
      clearLabel: "Remove the stored password",
    },
    { name: "from", label: "From", kind: "text", hint: "e.g. Lifeboat <lifeboat@example.com>" },
    { name: "to", label: "To", kind: "lines", hint: "One address per line (or comma-separated)." },
  ],
  store(input) {
    const d = input as z.output<typeof schema>;
    const config: EmailConfig = { host: d.host, port: d.port, secure: d.secure, user: d.user ? d.user : null, from: d.from, to: d.to };
    const secret: Record<string, string> = d.password ? { password: d.password } : {};
    return { config: { ...config }, secret };
  },
  settings: (c) => ({ ...configOf(c) }),
  describe(c) {
    const cfg = configOf(c);
    return [`Email via ${cfg.host}:${cfg.port}`, cfg.to.join(", ")];
  },
  send: async (channel, msg) => {
    await sendEmail(configOf(channel.config), channel.secret.password, msg);
    return null;
  },
};
