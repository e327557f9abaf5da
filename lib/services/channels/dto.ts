import type { NotificationChannel } from "../../db/schema";
import { unsealJson } from "../../crypto/secrets";
import { transportFor } from "../../engine/notify/transports/registry";

/** A channel as the settings page sees it: secrets are only ever "set" or not. */
export interface ChannelDto {
  id: number;
  name: string;
  type: string;
  typeLabel: string;
  /** The transport's non-secret settings, keyed by its field names (plus display-only ones like urlDisplay). */
  settings: Record<string, unknown>;
  /** Per secret field: whether a value is stored. */
  secretsSet: Record<string, boolean>;
  /** Where it sends, in short lines (the list shows them). */
  sendsTo: string[];
  eventTypes: string[];
  appIds: number[] | null;
  targetIds: number[] | null;
  digest: boolean;
  digestHour: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string | null;
}


export function toChannelDto(row: NotificationChannel): ChannelDto {
  const transport = transportFor(row.type);
  const secret = unsealJson<Record<string, string>>(row.secretEnc) ?? {};
  const cfg = row.config as Record<string, unknown>;
  const digestHour = typeof cfg.digestHour === "number" ? cfg.digestHour : 8;
  const secretsSet = Object.fromEntries(transport.fields.filter((f) => f.kind === "secret").map((f) => [f.name, Boolean(secret[f.name])]));
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    typeLabel: transport.label,
    settings: transport.settings(cfg),
    secretsSet,
    sendsTo: transport.describe(cfg, secretsSet),
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
