import { z } from "zod";
import { env } from "../../env";
import { getDb, type DbOrTx } from "../../db/client";
import { unseal } from "../../crypto/secrets";
import { readAuthConfig } from "../auth/config-store";
import { DEFAULT_ROLES, parseRoleMap, roleMapEntry, type DefaultRole, type RoleMapEntry } from "./role-map";

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](-?[a-z0-9])*\.)+[a-z]{2,}$/;

/** What an admin edits in Settings → Sign-in (the client secret travels apart, sealed). */
export const ssoSettingsSchema = z.object({
  enabled: z.boolean(),
  name: z.string().trim().min(1, "Enter the name shown on the button").max(60),
  issuer: z.string().trim().url("Enter the issuer URL, e.g. https://sso.example.com/realms/team"),
  clientId: z.string().trim().min(1, "Enter the client id").max(300),
  scopes: z
    .string()
    .trim()
    .regex(/(^|\s)openid(\s|$)/, "The scopes must include openid")
    .max(500),
  groupsClaim: z.string().trim().min(1, "Enter the claim that lists the groups").max(100),
  roleMap: z.array(roleMapEntry).max(100),
  defaultRole: z.enum(DEFAULT_ROLES),
  allowedDomains: z.array(z.string().trim().toLowerCase().regex(DOMAIN, "Not a domain name")).max(50),
});
export type SsoSettings = z.infer<typeof ssoSettingsSchema>;
export type StoredSso = SsoSettings & { clientSecretEnc: string | null };

/** The configuration the sign-in uses (server-side only: it holds the client secret). */
export interface SsoConfig extends SsoSettings {
  source: "env" | "settings";
  clientSecret: string;
}

export const SSO_DEFAULTS: SsoSettings = {
  enabled: false,
  name: "single sign-on",
  issuer: "",
  clientId: "",
  scopes: "openid profile email",
  groupsClaim: "groups",
  roleMap: [],
  defaultRole: "none",
  allowedDomains: [],
};

/** LIFEBOAT_OIDC_* (headless starts) win over Settings; env.ts already checked they are complete. */
export function envSsoConfig(): SsoConfig | null {
  const e = env();
  if (!e.LIFEBOAT_OIDC_ISSUER) return null;
  return {
    source: "env",
    enabled: true,
    name: e.LIFEBOAT_OIDC_NAME ?? SSO_DEFAULTS.name,
    issuer: e.LIFEBOAT_OIDC_ISSUER.replace(/\/+$/, ""),
    clientId: e.LIFEBOAT_OIDC_CLIENT_ID!,
    clientSecret: e.LIFEBOAT_OIDC_CLIENT_SECRET!,
    scopes: e.LIFEBOAT_OIDC_SCOPES ?? SSO_DEFAULTS.scopes,
    groupsClaim: e.LIFEBOAT_OIDC_GROUPS_CLAIM,
    roleMap: parseRoleMap(e.LIFEBOAT_OIDC_ROLE_MAP),
    defaultRole: e.LIFEBOAT_OIDC_DEFAULT_ROLE as DefaultRole,
    allowedDomains: (e.LIFEBOAT_OIDC_ALLOWED_DOMAINS ?? "")
      .split(",")
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean),
  };
}

export function storedSso(db: DbOrTx = getDb()): StoredSso {
  return { ...SSO_DEFAULTS, clientSecretEnc: null, ...(readAuthConfig<Partial<StoredSso>>("oidc", db) ?? {}) };
}

/** The active single sign-on, or null when it is off or incomplete (then no button is shown). */
export function activeSsoConfig(db: DbOrTx = getDb()): SsoConfig | null {
  const fromEnv = envSsoConfig();
  if (fromEnv) return fromEnv;
  const s = storedSso(db);
  if (!s.enabled || !s.issuer || !s.clientId || !s.clientSecretEnc || !env().LIFEBOAT_PUBLIC_URL) return null;
  const { clientSecretEnc, ...rest } = s;
  return { ...rest, source: "settings", clientSecret: unseal(clientSecretEnc) };
}

export function ssoCallbackUrl(): string | null {
  const base = env().LIFEBOAT_PUBLIC_URL;
  return base ? `${base.replace(/\/+$/, "")}/api/auth/callback/oidc` : null;
}

export type { RoleMapEntry };
