import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./schema-users";

// Sign-in factors and flows (issue 16): TOTP, recovery codes, passkeys, SSO identities.
const ts = (name: string) => integer(name, { mode: "timestamp_ms" });
const createdAt = () => ts("created_at").notNull().default(sql`(unixepoch() * 1000)`);
const userRef = () =>
  integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });

/** A user's TOTP secret (sealed). confirmedAt null = enrolment started, not yet confirmed. */
export const userTotp = sqliteTable("user_totp", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretEnc: text("secret_enc").notNull(),
  confirmedAt: ts("confirmed_at"),
  /** RFC 6238 time step of the last accepted code: a code is never accepted twice. */
  lastStep: integer("last_step"),
  createdAt: createdAt(),
});

/** One-time recovery codes, stored as HMAC-SHA256 (keyed with the console's secret key). */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: userRef(),
    codeHash: text("code_hash").notNull(),
    usedAt: ts("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("recovery_codes_user").on(t.userId)],
);

/** WebAuthn credentials (passkeys); a user may have several. */
export const passkeys = sqliteTable(
  "passkeys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: userRef(),
    name: text("name").notNull(),
    /** base64url credential id, as the browser reports it. */
    credentialId: text("credential_id").notNull().unique(),
    /** base64url COSE public key. */
    publicKey: text("public_key").notNull(),
    counter: integer("counter").notNull().default(0),
    transports: text("transports", { mode: "json" }).$type<string[]>(),
    deviceType: text("device_type"),
    backedUp: integer("backed_up", { mode: "boolean" }).notNull().default(false),
    lastUsedAt: ts("last_used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("passkeys_user").on(t.userId)],
);

/** Server-side WebAuthn challenges: single use, a few minutes. */
export const webauthnChallenges = sqliteTable("webauthn_challenges", {
  id: text("id").primaryKey(),
  /** null for a usernameless passkey sign-in. */
  userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
  purpose: text("purpose", { enum: ["register", "sign_in", "second_factor"] }).notNull(),
  challenge: text("challenge").notNull(),
  expiresAt: ts("expires_at").notNull(),
});

/**
 * A sign-in in progress: the first factor passed, the second (or enrolment) is due. The browser
 * holds the token in an httpOnly cookie; no session exists until the flow completes.
 */
export const signInFlows = sqliteTable("sign_in_flows", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tokenHash: text("token_hash").notNull().unique(),
  userId: userRef(),
  /** Factors passed so far, in order: password | oidc | passkey | totp | recovery_code | device. */
  methods: text("methods", { mode: "json" }).$type<string[]>().notNull(),
  /** Set once every factor passed: redeemed (once) by the Auth.js credentials provider. */
  ticketHash: text("ticket_hash").unique(),
  next: text("next"),
  expiresAt: ts("expires_at").notNull(),
  createdAt: createdAt(),
});

/** "Remember this device": a cookie token (hashed here) that skips the second factor until expiry. */
export const trustedDevices = sqliteTable(
  "trusted_devices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: userRef(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: ts("expires_at").notNull(),
    lastUsedAt: ts("last_used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("trusted_devices_user").on(t.userId)],
);

/** An OpenID Connect identity linked to a user (issuer + subject, never the email). */
export const userIdentities = sqliteTable(
  "user_identities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: userRef(),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    email: text("email"),
    groups: text("groups", { mode: "json" }).$type<string[]>(),
    lastSignInAt: ts("last_sign_in_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("user_identities_iss_sub").on(t.issuer, t.subject), index("user_identities_user").on(t.userId)],
);

/** Sign-in policy and the OpenID Connect settings (key → JSON), apart from the general settings. */
export const authConfig = sqliteTable("auth_config", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).$type<unknown>().notNull(),
  updatedAt: ts("updated_at"),
});

export type Passkey = typeof passkeys.$inferSelect;
export type SignInFlow = typeof signInFlows.$inferSelect;
