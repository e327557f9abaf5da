import { sqliteTable, text, integer, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { createdAt, ts } from "./columns";

export const STORAGE_ENCRYPTIONS = ["none", "age"] as const;
export type StorageEncryption = (typeof STORAGE_ENCRYPTIONS)[number];

/**
 * Where artifacts are kept (lib/engine/storage/locations.ts): a local folder today, S3 or SFTP
 * later. Runs point at (storage_id, key); the key never holds the location's own folder, so a
 * location can move without rewriting its runs.
 */
export const storageLocations = sqliteTable(
  "storage_locations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** A kind of lib/engine/storage/registry.ts ("local", later "s3", "sftp"). */
    kind: text("kind").notNull(),
    /** The kind's settings WITHOUT its secret fields (local: `{ path }`). Shown to admins. */
    settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** AES-256-GCM sealed JSON of the kind's secret fields (S3 secret key, SFTP password). Never leaves the server. */
    secretEnc: text("secret_enc"),
    encryption: text("encryption", { enum: STORAGE_ENCRYPTIONS }).notNull().default("none"),
    /** age: Lifeboat's own recipient (age1…, public) of the identity below. */
    ageRecipient: text("age_recipient"),
    /** age: the identity (AGE-SECRET-KEY-1…) Lifeboat generated, sealed like secret_enc. In the recovery kit. */
    ageIdentityEnc: text("age_identity_enc"),
    /** age: extra public keys an admin added (an offline key kept in a safe); artifacts are encrypted to them too. */
    ageExtraRecipients: text("age_extra_recipients", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [uniqueIndex("storage_locations_name").on(t.name)],
);

export type StorageLocation = typeof storageLocations.$inferSelect;

/**
 * Downloads of the recovery kit (lib/services/recovery-kit/): the console nags until one was
 * taken after the last change of a location, since an older kit may lack its credentials or keys.
 */
export const recoveryKitExports = sqliteTable("recovery_kit_exports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Who took it ("admin@example.com", "cli"), for the banner and the audit trail. */
  actorLabel: text("actor_label").notNull(),
  createdAt: createdAt(),
});
