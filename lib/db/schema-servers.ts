import { sqliteTable, text, integer, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bool, createdAt, ts } from "./columns";

/** A tool found on a server by the reachability check, with the version it printed. */
export interface ServerTool {
  name: string;
  version: string | null;
}

/**
 * Other machines Lifeboat backs up over SSH (lib/engine/servers/). "Local", the console's own
 * machine, has no row: a target with `server_id` null runs here.
 */
export const servers = sqliteTable(
  "servers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    host: text("host").notNull(),
    port: integer("port").notNull().default(22),
    username: text("username").notNull(),
    /** "key" or "password": which secret secretEnc holds. */
    auth: text("auth", { enum: ["key", "password"] }).notNull(),
    /** AES-256-GCM sealed JSON `{ privateKey }` or `{ password }`. Never leaves the server. */
    secretEnc: text("secret_enc").notNull(),
    /** The pinned host key (`SHA256:…`); null until an admin confirms the one shown. */
    hostKeyFingerprint: text("host_key_fingerprint"),
    /** The key the server showed at the last attempt, when it was not the pinned one (to confirm, or the alert). */
    seenHostKey: text("seen_host_key"),
    /** Parallel jobs on this server (channels on its one connection). */
    maxParallel: integer("max_parallel").notNull().default(4),
    reachable: bool("reachable"),
    lastContactAt: ts("last_contact_at"),
    /** Since when it has been unreachable (one alert per episode); null while reachable. */
    unreachableSince: ts("unreachable_since"),
    lastError: text("last_error"),
    tools: text("tools", { mode: "json" }).$type<ServerTool[]>(),
    freeBytes: integer("free_bytes"),
    checkedAt: ts("checked_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [uniqueIndex("servers_name").on(t.name)],
);

export type Server = typeof servers.$inferSelect;
export type NewServer = typeof servers.$inferInsert;
