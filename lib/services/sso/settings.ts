import { z } from "zod";
import { getDb } from "../../db/client";
import { env } from "../../env";
import { ConflictError } from "../../errors";
import { seal } from "../../crypto/secrets";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { writeAuthConfig } from "../auth/config-store";
import { envSsoConfig, ssoCallbackUrl, ssoSettingsSchema, storedSso, type SsoSettings } from "./config";

/** What the settings page shows: never the client secret, only whether one is set. */
export interface SsoSettingsView extends SsoSettings {
  source: "env" | "settings";
  clientSecretSet: boolean;
  callbackUrl: string | null;
}

export function getSsoSettingsView(actor: Actor): SsoSettingsView {
  requirePermission(actor, "manage");
  const callbackUrl = ssoCallbackUrl();
  const fromEnv = envSsoConfig();
  if (fromEnv) {
    const { clientSecret, source, ...rest } = fromEnv;
    return { ...rest, source, clientSecretSet: Boolean(clientSecret), callbackUrl };
  }
  const { clientSecretEnc, ...rest } = storedSso();
  return { ...rest, source: "settings", clientSecretSet: Boolean(clientSecretEnc), callbackUrl };
}

export const ssoSettingsInput = ssoSettingsSchema.extend({
  /** Empty keeps the stored secret; anything else replaces it. */
  clientSecret: z.string().max(2000).optional(),
});
export type SsoSettingsInput = z.infer<typeof ssoSettingsInput>;

export function updateSsoSettings(actor: Actor, input: SsoSettingsInput): SsoSettingsView {
  requirePermission(actor, "manage");
  if (envSsoConfig()) throw new ConflictError("Single sign-on is set by LIFEBOAT_OIDC_* environment variables: change it there");
  const { clientSecret, ...data } = ssoSettingsInput.parse(input);
  getDb().transaction((tx) => {
    const before = storedSso(tx);
    const secretChanged = Boolean(clientSecret && clientSecret.trim());
    const clientSecretEnc = secretChanged ? seal(clientSecret!.trim()) : before.clientSecretEnc;
    if (data.enabled) {
      const missing = { ...(clientSecretEnc ? {} : { clientSecret: "Enter the client secret" }) };
      if (Object.keys(missing).length) throw new ConflictError("Enter the client secret to turn single sign-on on", missing);
      if (!env().LIFEBOAT_PUBLIC_URL) {
        throw new ConflictError("Set LIFEBOAT_PUBLIC_URL (the console's address) first: the callback URL the provider redirects to is built from it");
      }
    }
    writeAuthConfig(tx, "oidc", { ...data, clientSecretEnc });
    const { clientSecretEnc: _b, ...beforeView } = before;
    void _b;
    writeAudit(tx, actor, {
      action: "settings.sso_update",
      entityType: "settings",
      entityId: "sso",
      before: beforeView,
      after: { ...data, clientSecretChanged: secretChanged },
    });
  });
  return getSsoSettingsView(actor);
}
