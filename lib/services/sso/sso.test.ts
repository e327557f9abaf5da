import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { auditLog, authConfig, users } from "../../db/schema";
import { loadEnv } from "../../env";
import type { Actor } from "../../auth/actor";
import { createUser } from "../users/create";
import { parseRoleMap, roleForGroups } from "./role-map";
import { resolveOidcSignIn } from "./resolve";
import { getSsoSettingsView, updateSsoSettings } from "./settings";
import { activeSsoConfig, SSO_DEFAULTS, type SsoConfig } from "./config";
import { oidcProvider } from "../../auth/oidc-provider";

const CLI: Actor = { type: "cli", label: "test", role: "admin" };
const ISS = "https://sso.example.test/realms/team";
const cfg = (over: Partial<SsoConfig> = {}): SsoConfig => ({
  ...SSO_DEFAULTS,
  source: "settings",
  enabled: true,
  issuer: ISS,
  clientId: "lifeboat",
  clientSecret: "s3cret",
  roleMap: parseRoleMap("backup-admins=admin,developers=operator,leads=viewer"),
  ...over,
});
const claims = (sub: string, email: string, groups: string[], verified = true) => ({ sub, email, email_verified: verified, groups, name: sub });
const lastAudit = () => getDb().select().from(auditLog).all().at(-1)!;

describe("group claim → role", () => {
  it("the highest matching role wins; else the default role; 'none' refuses", () => {
    const map = parseRoleMap("backup-admins=admin, developers=operator,leads=viewer");
    expect(map).toEqual([
      { group: "backup-admins", role: "admin" },
      { group: "developers", role: "operator" },
      { group: "leads", role: "viewer" },
    ]);
    expect(roleForGroups(["leads", "developers"], map, "none")).toBe("operator");
    expect(roleForGroups(["developers", "backup-admins", "leads"], map, "none")).toBe("admin");
    expect(roleForGroups(["sales"], map, "none")).toBeNull();
    expect(roleForGroups(["sales"], map, "viewer")).toBe("viewer");
  });

  it("LIFEBOAT_OIDC_* are checked at start-up", () => {
    const base = { LIFEBOAT_DATA_DIR: process.env.LIFEBOAT_DATA_DIR };
    expect(() => loadEnv({ ...base, LIFEBOAT_OIDC_ISSUER: ISS })).toThrow(/LIFEBOAT_OIDC_CLIENT_ID: required.*LIFEBOAT_PUBLIC_URL: required/);
    expect(() => loadEnv({ ...base, LIFEBOAT_OIDC_ROLE_MAP: "admins=root" })).toThrow(/LIFEBOAT_OIDC_ROLE_MAP: use group=role pairs/);
    expect(() => loadEnv({ ...base, LIFEBOAT_OIDC_DEFAULT_ROLE: "superuser" })).toThrow(/LIFEBOAT_OIDC_DEFAULT_ROLE/);
    const ok = loadEnv({
      ...base,
      LIFEBOAT_OIDC_ISSUER: ISS,
      LIFEBOAT_OIDC_CLIENT_ID: "c",
      LIFEBOAT_OIDC_CLIENT_SECRET: "s",
      LIFEBOAT_PUBLIC_URL: "https://backup.example.test",
      LIFEBOAT_OIDC_ROLE_MAP: "a=admin,b=viewer",
    });
    expect(ok.LIFEBOAT_OIDC_GROUPS_CLAIM).toBe("groups");
    expect(ok.LIFEBOAT_OIDC_DEFAULT_ROLE).toBe("none");
  });
});

describe("resolving an OpenID Connect sign-in", () => {
  it("creates the user with the role of its groups, and re-evaluates it at every sign-in", () => {
    const r = resolveOidcSignIn(cfg(), claims("u-1", "Dev@Example.com", ["developers"]), "10.1.1.1");
    expect(r).toMatchObject({ ok: true, created: true, user: { email: "dev@example.com", role: "operator", passwordHash: "" } });
    expect(lastAudit().action).toBe("user.sso_create");
    const again = resolveOidcSignIn(cfg(), claims("u-1", "dev@example.com", ["leads"]), null);
    expect(again).toMatchObject({ ok: true, created: false, user: { role: "viewer" } });
    expect(lastAudit()).toMatchObject({ action: "user.role_from_sso", before: { role: "operator" }, after: { role: "viewer" } });
  });

  it("refuses someone in no mapped group (audited), or gives the default role when the admin chose one", () => {
    expect(resolveOidcSignIn(cfg(), claims("u-2", "sales@example.com", ["sales"]), null)).toEqual({ ok: false, reason: "no_role" });
    expect(lastAudit()).toMatchObject({ action: "auth.sign_in_refused", after: { reason: "no_role", email: "sales@example.com", groups: ["sales"] } });
    expect(getDb().select().from(users).where(eq(users.email, "sales@example.com")).get()).toBeUndefined();
    expect(resolveOidcSignIn(cfg({ defaultRole: "viewer" }), claims("u-2", "sales@example.com", ["sales"]), null)).toMatchObject({ ok: true, user: { role: "viewer" } });
  });

  it("the email-domain allow-list needs a verified address in an allowed domain", () => {
    const c = cfg({ allowedDomains: ["example.com"] });
    expect(resolveOidcSignIn(c, claims("u-3", "x@evil.test", ["developers"]), null)).toEqual({ ok: false, reason: "domain" });
    expect(resolveOidcSignIn(c, claims("u-3", "x@example.com", ["developers"], false), null)).toEqual({ ok: false, reason: "domain" });
    expect(resolveOidcSignIn(c, claims("u-3", "x@example.com", ["developers"]), null)).toMatchObject({ ok: true });
  });

  it("links an existing local user only when the provider verified the email", async () => {
    const local = await createUser(CLI, { email: "ops@example.com", password: "local-password-1", role: "viewer" });
    expect(resolveOidcSignIn(cfg(), claims("u-4", "ops@example.com", ["developers"], false), null)).toEqual({ ok: false, reason: "unverified_email" });
    expect(lastAudit()).toMatchObject({ action: "auth.sign_in_refused", after: { reason: "unverified_email" } });
    const r = resolveOidcSignIn(cfg(), claims("u-4", "ops@example.com", ["developers"]), null);
    expect(r).toMatchObject({ ok: true, linked: true, created: false, user: { id: local.id, role: "operator" } });
    // Once linked, the (issuer, subject) pair is the identity: a changed email does not matter.
    expect(resolveOidcSignIn(cfg(), claims("u-4", "renamed@example.com", ["developers"], false), null)).toMatchObject({ ok: true, user: { id: local.id } });
    // Another subject claiming the same email is a different person: no takeover without verification.
    expect(resolveOidcSignIn(cfg(), claims("u-5", "ops@example.com", ["backup-admins"], false), null)).toEqual({ ok: false, reason: "unverified_email" });
  });

  it("a disabled account is refused; the last admin is not demoted by a group change", async () => {
    const a = resolveOidcSignIn(cfg(), claims("boss", "boss@example.com", ["backup-admins"]), null);
    expect(a).toMatchObject({ ok: true, user: { role: "admin" } });
    // The test database has no other admin: the group change does not lock everyone out.
    expect(resolveOidcSignIn(cfg(), claims("boss", "boss@example.com", ["leads"]), null)).toMatchObject({ ok: true, user: { role: "admin" } });
    getDb().update(users).set({ disabled: true }).where(eq(users.email, "boss@example.com")).run();
    expect(resolveOidcSignIn(cfg(), claims("boss", "boss@example.com", ["backup-admins"]), null)).toEqual({ ok: false, reason: "disabled" });
  });
});

describe("the Auth.js provider", () => {
  it("checks PKCE, state and nonce (Auth.js checks only PKCE unless told)", () => {
    const p = oidcProvider(cfg());
    expect(p.checks).toEqual(["pkce", "state", "nonce"]);
    expect(p).toMatchObject({ id: "oidc", type: "oidc", issuer: ISS, name: SSO_DEFAULTS.name, authorization: { params: { scope: "openid profile email" } } });
  });
});

describe("SSO settings", () => {
  it("seals the client secret, never returns it, and keeps it when the field is left empty", () => {
    const input = {
      enabled: false,
      name: "Keycloak",
      issuer: ISS,
      clientId: "lifeboat",
      clientSecret: "very-secret-value",
      scopes: "openid profile email groups",
      groupsClaim: "groups",
      roleMap: [{ group: "backup-admins", role: "admin" as const }],
      defaultRole: "none" as const,
      allowedDomains: ["example.com"],
    };
    const view = updateSsoSettings(CLI, input);
    expect(view).toMatchObject({ clientSecretSet: true, name: "Keycloak" });
    expect(JSON.stringify(view)).not.toContain("very-secret-value");
    expect(JSON.stringify(getDb().select().from(authConfig).all())).not.toContain("very-secret-value");
    expect(JSON.stringify(getDb().select().from(auditLog).all())).not.toContain("very-secret-value");
    updateSsoSettings(CLI, { ...input, clientSecret: "", name: "Team SSO" });
    expect(getSsoSettingsView(CLI)).toMatchObject({ clientSecretSet: true, name: "Team SSO" });
    // Off, or on without LIFEBOAT_PUBLIC_URL (the callback URL is built from it): no provider.
    expect(activeSsoConfig()).toBeNull();
    expect(() => updateSsoSettings(CLI, { ...input, enabled: true })).toThrow(/LIFEBOAT_PUBLIC_URL/);
    const viewer: Actor = { type: "user", id: 99, email: "v@example.com", role: "viewer" };
    expect(() => getSsoSettingsView(viewer)).toThrow(/does not allow/);
  });
});
