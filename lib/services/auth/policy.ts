import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "../../db/client";
import { ROLES, users, type Role } from "../../db/schema";
import { ConflictError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { readAuthConfig, writeAuthConfig } from "./config-store";

/** How people may sign in (admin, Settings → Sign-in). Read per request: changes apply at once. */
export const signInPolicySchema = z.object({
  /** Off: only SSO and passkeys, plus break-glass admins (set with the CLI) with their password. */
  passwordSignIn: z.boolean(),
  /** Roles that must pass a second factor (TOTP or a passkey) before any page or action. */
  twoFactorRoles: z.array(z.enum(ROLES)),
  /** 0 = "remember this device" is not offered; else how long a remembered device skips the code. */
  rememberDeviceDays: z.coerce.number().int().min(0, "0 turns it off").max(90, "At most 90 days"),
});
export type SignInPolicy = z.infer<typeof signInPolicySchema>;

const DEFAULTS: SignInPolicy = { passwordSignIn: true, twoFactorRoles: [], rememberDeviceDays: 0 };

export function getSignInPolicy(db: DbOrTx = getDb()): SignInPolicy {
  return { ...DEFAULTS, ...(readAuthConfig<Partial<SignInPolicy>>("policy", db) ?? {}) };
}

export function roleNeedsSecondFactor(role: Role, policy: SignInPolicy = getSignInPolicy()): boolean {
  return policy.twoFactorRoles.includes(role);
}

/** Factors that count as a second one; a passkey sign-in is one on its own (possession + user verification). */
export const STRONG_METHODS = ["totp", "recovery_code", "passkey", "device"] as const;

export function hasSecondFactor(methods: readonly string[]): boolean {
  return methods.some((m) => (STRONG_METHODS as readonly string[]).includes(m));
}

export function breakGlassAdmins(db: DbOrTx = getDb()): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.breakGlass, true), eq(users.role, "admin"), eq(users.disabled, false), ne(users.passwordHash, "")))
      .get()?.n ?? 0
  );
}

export function updateSignInPolicy(actor: Actor, patch: Partial<SignInPolicy>): SignInPolicy {
  requirePermission(actor, "manage");
  const parsed = signInPolicySchema.partial().parse(patch);
  return getDb().transaction((tx) => {
    const before = getSignInPolicy(tx);
    const after = { ...before, ...parsed };
    if (before.passwordSignIn && !after.passwordSignIn && breakGlassAdmins(tx) === 0) {
      throw new ConflictError(
        "Set a break-glass admin first (on the server: lifeboat user break-glass --email E), so someone can still sign in if single sign-on breaks",
        { passwordSignIn: "Needs a break-glass admin" },
      );
    }
    writeAuthConfig(tx, "policy", after);
    // "localSignIn": the audit redacts keys named like a password.
    const view = (p: SignInPolicy) => ({ localSignIn: p.passwordSignIn, twoFactorRoles: p.twoFactorRoles, rememberDeviceDays: p.rememberDeviceDays });
    writeAudit(tx, actor, { action: "settings.sign_in_update", entityType: "settings", entityId: "sign-in", before: view(before), after: view(after) });
    return after;
  });
}
