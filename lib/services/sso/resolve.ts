import { and, eq, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "../../db/client";
import { userIdentities, users, type User } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { SYSTEM, type Actor } from "../../auth/actor";
import { toUserDto } from "../users/dto";
import { groupsFromClaim, roleForGroups } from "./role-map";
import type { SsoConfig } from "./config";

export type SsoRefusal = "no_role" | "domain" | "unverified_email" | "no_email" | "disabled" | "no_subject";
export type SsoResolution = { ok: true; user: User; created: boolean; linked: boolean } | { ok: false; reason: SsoRefusal };

const claimString = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

/**
 * Who an OpenID Connect sign-in is. The identity is the (issuer, subject) pair; the email only links
 * a first sign-in to an existing local user, and only when the provider says it verified it. The
 * role comes from the groups claim at every sign-in (highest match wins, else the default role, else
 * refused), so a change in the provider applies at the next sign-in.
 */
export function resolveOidcSignIn(cfg: SsoConfig, claims: Record<string, unknown>, ip: string | null): SsoResolution {
  const subject = claimString(claims.sub);
  const email = claimString(claims.email)?.toLowerCase() ?? null;
  const verified = claims.email_verified === true || claims.email_verified === "true";
  const groups = groupsFromClaim(claims[cfg.groupsClaim]);
  const refuse = (reason: SsoRefusal): SsoResolution => {
    getDb().transaction((tx) =>
      writeAudit(tx, { ...SYSTEM }, {
        action: "auth.sign_in_refused",
        entityType: "user",
        after: { method: "oidc", reason, email, subject, groups, ip },
      }),
    );
    return { ok: false, reason };
  };
  if (!subject) return refuse("no_subject");
  if (cfg.allowedDomains.length > 0) {
    // A domain rule on an unverified address would let anyone type their way in.
    const domain = email?.split("@")[1];
    if (!email || !verified || !domain || !cfg.allowedDomains.includes(domain)) return refuse("domain");
  }
  const role = roleForGroups(groups, cfg.roleMap, cfg.defaultRole);
  if (!role) return refuse("no_role");

  const r = getDb().transaction((tx): SsoResolution => {
    const identity = tx
      .select()
      .from(userIdentities)
      .where(and(eq(userIdentities.issuer, cfg.issuer), eq(userIdentities.subject, subject)))
      .get();
    let user = identity ? tx.select().from(users).where(eq(users.id, identity.userId)).get() : undefined;
    let created = false;
    let linked = false;
    if (!user) {
      if (!email) return { ok: false, reason: "no_email" };
      const existing = tx.select().from(users).where(eq(users.email, email)).get();
      if (existing && !verified) return { ok: false, reason: "unverified_email" };
      const name = claimString(claims.name) ?? claimString(claims.preferred_username);
      user = existing ?? tx.insert(users).values({ email, name, passwordHash: "", role }).returning().get();
      created = !existing;
      linked = Boolean(existing);
      tx.insert(userIdentities).values({ userId: user.id, issuer: cfg.issuer, subject, email, groups }).run();
      const actor: Actor = { type: "user", id: user.id, email: user.email, role: user.role, ip };
      writeAudit(tx, actor, {
        action: created ? "user.sso_create" : "user.sso_link",
        entityType: "user",
        entityId: user.id,
        after: { ...toUserDto(user), issuer: cfg.issuer, subject, groups },
      });
    }
    if (user.disabled) return { ok: false, reason: "disabled" };
    user = applyRole(tx, user, role, groups, ip);
    tx.update(userIdentities)
      .set({ lastSignInAt: new Date(), groups, email })
      .where(and(eq(userIdentities.issuer, cfg.issuer), eq(userIdentities.subject, subject)))
      .run();
    return { ok: true, user, created, linked };
  });
  return r.ok ? r : refuse(r.reason);
}

/** The role from the groups, except that the last active admin is never demoted by a group change. */
function applyRole(tx: Tx, user: User, role: User["role"], groups: string[], ip: string | null): User {
  if (user.role === role) return user;
  if (user.role === "admin") {
    const others =
      tx
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, user.id)))
        .get()?.n ?? 0;
    if (others === 0) return user;
  }
  const after = tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, user.id)).returning().get();
  writeAudit(tx, { type: "user", id: user.id, email: user.email, role, ip }, {
    action: "user.role_from_sso",
    entityType: "user",
    entityId: user.id,
    before: { role: user.role },
    after: { role, groups },
  });
  return after;
}
