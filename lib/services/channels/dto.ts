import type { NotificationChannel } from "../../db/schema";
import type { EmailConfig, WebhookConfig, ChannelSecret } from "../../engine/notify/channel-config";
import { unsealJson } from "../../crypto/secrets";

/** A channel as the settings page sees it: secrets are only ever "set" or not. */
export interface ChannelDto {
  id: number;
  name: string;
  type: "email" | "webhook";
  email: Omit<EmailConfig, "digestHour"> | null;
  webhook: Omit<WebhookConfig, "digestHour"> | null;
  passwordSet: boolean;
  urlSet: boolean;
  hmacSecretSet: boolean;
  eventTypes: string[];
  appIds: number[] | null;
  targetIds: number[] | null;
  digest: boolean;
  digestHour: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string | null;
}

/** Shows where a webhook goes without showing the token that Slack-style URLs carry in their path. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.pathname.length > 1 || u.search ? "/…" : "";
    return `${u.protocol}//${u.host}${hidden}`;
  } catch {
    return "(invalid URL)";
  }
}

export function toChannelDto(row: NotificationChannel): ChannelDto {
  const secret = unsealJson<ChannelSecret>(row.secretEnc) ?? {};
  const cfg = row.config as Record<string, unknown>;
  const digestHour = typeof cfg.digestHour === "number" ? cfg.digestHour : 8;
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    email:
      row.type === "email"
        ? {
            host: String(cfg.host ?? ""),
            port: Number(cfg.port ?? 25),
            secure: Boolean(cfg.secure),
            user: (cfg.user as string | null) ?? null,
            from: String(cfg.from ?? ""),
            to: (cfg.to as string[]) ?? [],
          }
        : null,
    webhook: row.type === "webhook" ? { urlDisplay: String(cfg.urlDisplay ?? ""), slack: Boolean(cfg.slack), allowInternal: cfg.allowInternal === true } : null,
    passwordSet: Boolean(secret.password),
    urlSet: Boolean(secret.url),
    hmacSecretSet: Boolean(secret.hmacSecret),
    eventTypes: row.eventTypes,
    appIds: row.appIds,
    targetIds: row.targetIds,
    digest: row.digest,
    digestHour,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt ? row.updatedAt.toISOString() : null,
  };
}
