import type { OIDCConfig } from "next-auth/providers";
import type { SsoConfig } from "../services/sso/config";

/**
 * Auth.js's generic OpenID Connect provider, built per request from the active SSO settings.
 * Checks: PKCE, state and nonce (Auth.js checks only PKCE unless told). Claims come from the
 * userinfo endpoint (groups are often only there); the ID token is still required and verified.
 */
export function oidcProvider(cfg: SsoConfig): OIDCConfig<Record<string, unknown>> {
  return {
    id: "oidc",
    name: cfg.name,
    type: "oidc",
    issuer: cfg.issuer,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    authorization: { params: { scope: cfg.scopes } },
    checks: ["pkce", "state", "nonce"],
    idToken: false,
    profile(p) {
      const email = typeof p.email === "string" ? p.email : null;
      return { id: String(p.sub), email, name: (p.name as string | undefined) ?? email };
    },
  };
}
