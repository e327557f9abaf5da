// Issue 16: single sign-on configured by LIFEBOAT_OIDC_* alone (a headless start, nothing in
// Settings): the sign-in page offers "Sign in with <name>", the role map and the default role come
// from the variables, Settings cannot override them, and the sign-in is audited with method "oidc".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { auditLog } from "../../db/schema";
import { resetEnvForTests } from "../../env";
import type { Actor } from "../../auth/actor";
import { ConflictError } from "../../errors";
import { afterFirstFactor } from "../auth/after-first-factor";
import { redeemTicket } from "../auth/flows";
import { signInPageOptions } from "../auth/page-options";
import { oidcProvider } from "../../auth/oidc-provider";
import { activeSsoConfig, type SsoConfig } from "./config";
import { resolveOidcSignIn } from "./resolve";
import { getSsoSettingsView, updateSsoSettings } from "./settings";

const CLI: Actor = { type: "cli", label: "test", role: "admin" };
const VARS = {
  LIFEBOAT_OIDC_ISSUER: "https://sso.example.test/realms/team/",
  LIFEBOAT_OIDC_CLIENT_ID: "lifeboat",
  LIFEBOAT_OIDC_CLIENT_SECRET: "env-client-secret",
  LIFEBOAT_OIDC_NAME: "Team SSO",
  LIFEBOAT_OIDC_ROLE_MAP: "backup-admins=admin,developers=operator,leads=viewer",
  LIFEBOAT_PUBLIC_URL: "https://backup.example.test",
};

beforeAll(() => {
  Object.assign(process.env, VARS);
  resetEnvForTests();
});
afterAll(() => {
  for (const k of Object.keys(VARS)) delete process.env[k];
  resetEnvForTests();
});

describe("single sign-on from LIFEBOAT_OIDC_* (headless start)", () => {
  it("is active without Settings: the button reads 'Sign in with <name>', groups claim 'groups', default role none", () => {
    const cfg = activeSsoConfig()!;
    expect(cfg).toMatchObject({
      source: "env",
      enabled: true,
      name: "Team SSO",
      issuer: "https://sso.example.test/realms/team",
      clientId: "lifeboat",
      clientSecret: "env-client-secret",
      groupsClaim: "groups",
      defaultRole: "none",
      roleMap: [
        { group: "backup-admins", role: "admin" },
        { group: "developers", role: "operator" },
        { group: "leads", role: "viewer" },
      ],
    });
    expect(signInPageOptions().ssoName).toBe("Team SSO");
    expect(oidcProvider(cfg)).toMatchObject({ issuer: "https://sso.example.test/realms/team", name: "Team SSO", checks: ["pkce", "state", "nonce"] });
  });

  it("Settings show it without the secret and cannot change it", () => {
    const view = getSsoSettingsView(CLI);
    expect(view).toMatchObject({ source: "env", name: "Team SSO", clientSecretSet: true, callbackUrl: "https://backup.example.test/api/auth/callback/oidc" });
    expect(JSON.stringify(view)).not.toContain("env-client-secret");
    const input = { ...view, enabled: false, clientSecret: "other" } as unknown as Parameters<typeof updateSsoSettings>[1];
    expect(() => updateSsoSettings(CLI, input)).toThrow(ConflictError);
    expect(() => updateSsoSettings(CLI, input)).toThrow(/LIFEBOAT_OIDC_\* environment variables/);
  });

  it("maps groups with the variables' table, refuses an unmapped user, and audits the sign-in as 'oidc'", () => {
    const cfg = activeSsoConfig() as SsoConfig;
    const claims = (sub: string, email: string, groups: string[]) => ({ sub, email, email_verified: true, groups });
    expect(resolveOidcSignIn(cfg, claims("s-1", "sales@example.com", ["sales"]), null)).toEqual({ ok: false, reason: "no_role" });

    const r = resolveOidcSignIn(cfg, claims("d-1", "dev@example.com", ["leads", "developers"]), "10.0.0.7");
    expect(r).toMatchObject({ ok: true, user: { email: "dev@example.com", role: "operator" } });
    if (!r.ok) throw new Error("refused");
    const next = afterFirstFactor(r.user, "oidc");
    expect(next.kind).toBe("session");
    const done = redeemTicket((next as { ticket: string }).ticket, "10.0.0.7")!;
    expect(done.methods).toEqual(["oidc"]);
    const row = getDb().select().from(auditLog).all().at(-1)!;
    expect(row).toMatchObject({ action: "auth.sign_in", after: { method: "oidc", methods: ["oidc"] } });
  });
});
