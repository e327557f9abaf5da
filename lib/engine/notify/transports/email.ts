import nodemailer from "nodemailer";
import type { EmailConfig } from "../channel-config";
import type { NotifyMessage } from "../message";
import type { NotifierTransport } from "./transport";

// A dead SMTP server must fail fast: the dispatcher sends one delivery after another.
const TIMEOUT_MS = 15_000;

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

export const emailTransport: NotifierTransport = {
  type: "email",
  label: "Email (SMTP)",
  send: async (channel, msg) => {
    await sendEmail(channel.config as unknown as EmailConfig, channel.secret.password, msg);
    return null;
  },
};
