import type { Target, TargetType, Compression, TargetEngine } from "../../db/schema";
import { maskUrlPassword } from "../../audit/redact";
import { iso } from "../iso";
import type { TargetStorageConfig } from "../../engine/copies/target-storage";

export interface RetentionDto {
  keepDays: number | null;
  keepLast: number | null;
  keepHourly: number | null;
  keepDaily: number | null;
  keepWeekly: number | null;
  keepMonthly: number | null;
  keepYearly: number | null;
}

/**
 * A target's definition as the UI and the API see it: the source is masked and the secret never
 * included. What it last did and its status come from lib/engine/status (see overview.ts), never from here.
 */
export interface TargetDto {
  id: number;
  appId: number;
  appName: string;
  name: string;
  description: string | null;
  type: TargetType;
  source: Record<string, unknown>;
  /** A password is stored (sealed) for this target. */
  secretSet: boolean;
  compression: Compression;
  /** "archive" or "restic" (issue 14). */
  engine: TargetEngine;
  pathTemplate: string;
  storageRoot: string | null;
  retention: RetentionDto;
  timeoutSeconds: number;
  enabled: boolean;
  preHook: string | null;
  postHook: string | null;
  meta: Record<string, unknown>;
  /** The server that performs the backup; null: Local. */
  serverId: number | null;
  pingKeySet: boolean;
  /** Primary location (null = the default local one), copy locations with their retention, the offsite lag limit. */
  storage: TargetStorageConfig;
  createdAt: string;
  updatedAt: string | null;
}

/** Masks again on the way out: a stored URL is masked already, this guards against old rows. */
function maskSource(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source ?? {})) {
    if (k === "restorePassword") continue; // sealed, never shown back (old rows could hold one)
    out[k] = typeof v === "string" ? maskUrlPassword(v) : v;
  }
  return out;
}

const NO_STORAGE_CHOICE: TargetStorageConfig = { primary: null, copies: [], lagLimitHours: null };

export function toTargetDto(t: Target, appName: string, storage: TargetStorageConfig = NO_STORAGE_CHOICE): TargetDto {
  return {
    id: t.id,
    appId: t.appId,
    appName,
    name: t.name,
    description: t.description,
    type: t.type,
    source: maskSource(t.source),
    secretSet: Boolean(t.secretEnc),
    compression: t.compression,
    engine: t.engine,
    pathTemplate: t.pathTemplate,
    storageRoot: t.storageRoot,
    retention: {
      keepDays: t.keepDays,
      keepLast: t.keepLast,
      keepHourly: t.keepHourly,
      keepDaily: t.keepDaily,
      keepWeekly: t.keepWeekly,
      keepMonthly: t.keepMonthly,
      keepYearly: t.keepYearly,
    },
    timeoutSeconds: t.timeoutSeconds,
    enabled: t.enabled,
    preHook: t.preHook,
    postHook: t.postHook,
    meta: t.meta ?? {},
    serverId: t.serverId ?? null,
    pingKeySet: Boolean(t.pingKey),
    storage,
    createdAt: t.createdAt.toISOString(),
    updatedAt: iso(t.updatedAt),
  };
}
