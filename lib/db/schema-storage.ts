import { sqliteTable, text, integer, uniqueIndex } from "drizzle-orm/sqlite-core";
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
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [uniqueIndex("storage_locations_name").on(t.name)],
);

export type StorageLocation = typeof storageLocations.$inferSelect;
