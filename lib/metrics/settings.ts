import crypto from "node:crypto";
import { requirePermission, type Actor } from "../auth/actor";
import { getSettings } from "../settings/settings";
import { updateSettings } from "../services/settings/settings";
import { hashToken } from "../services/tokens/secret";

export interface MetricsSettingsDto {
  enabled: boolean;
  tokenSet: boolean;
}

export function getMetricsSettings(actor: Actor): MetricsSettingsDto {
  requirePermission(actor, "manage");
  const s = getSettings();
  return { enabled: s.metricsEnabled, tokenSet: Boolean(s.metricsTokenHash) };
}

/** updateSettings checks "manage" and writes the audit row (the hash is redacted there). */
export function setMetricsEnabled(actor: Actor, enabled: boolean): MetricsSettingsDto {
  const s = updateSettings(actor, { metricsEnabled: enabled });
  return { enabled: s.metricsEnabled, tokenSet: Boolean(s.metricsTokenHash) };
}

/** A new bearer token, returned once; only its sha256 is stored. Replaces any previous token. */
export function generateMetricsToken(actor: Actor): { token: string; settings: MetricsSettingsDto } {
  const token = "lbm_" + crypto.randomBytes(24).toString("base64url");
  const s = updateSettings(actor, { metricsTokenHash: hashToken(token) });
  return { token, settings: { enabled: s.metricsEnabled, tokenSet: true } };
}

/** Leaves the endpoint open (when enabled) to anyone who can reach it. */
export function removeMetricsToken(actor: Actor): MetricsSettingsDto {
  // "" rather than null: the settings table's JSON value column is NOT NULL and drizzle writes
  // JS null as SQL NULL; metricsAccess treats an empty hash as "no token".
  const s = updateSettings(actor, { metricsTokenHash: "" });
  return { enabled: s.metricsEnabled, tokenSet: false };
}
