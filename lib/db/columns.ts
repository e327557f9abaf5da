import { sql } from "drizzle-orm";
import { integer } from "drizzle-orm/sqlite-core";

// Timestamps are stored as integer milliseconds since the epoch (UTC).
export const ts = (name: string) => integer(name, { mode: "timestamp_ms" });
export const createdAt = () => ts("created_at").notNull().default(sql`(unixepoch() * 1000)`);
export const bool = (name: string) => integer(name, { mode: "boolean" });
