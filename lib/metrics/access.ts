import crypto from "node:crypto";
import { getSettings, type Settings } from "../settings/settings";
import { hashToken } from "../services/tokens/secret";

/**
 * Who may scrape: 404 while metrics are off (the endpoint does not exist as far as anyone
 * knows), 401 when a token is configured and the bearer token is missing or wrong, else 200.
 */
export function metricsAccess(authorization: string | null, s: Pick<Settings, "metricsEnabled" | "metricsTokenHash"> = getSettings()): 200 | 401 | 404 {
  if (!s.metricsEnabled) return 404;
  if (!s.metricsTokenHash) return 200;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) return 401;
  const given = Buffer.from(hashToken(m[1]), "hex");
  const want = Buffer.from(s.metricsTokenHash, "hex");
  return given.length === want.length && crypto.timingSafeEqual(given, want) ? 200 : 401;
}
