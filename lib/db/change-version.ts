import type Database from "better-sqlite3";
import { getDb } from "./client";

const statements = new WeakMap<Database.Database, Database.Statement>();

/**
 * A token that changes whenever the database may have changed: `PRAGMA data_version` moves when
 * ANOTHER connection (a second console, the CLI) commits, and `total_changes()` counts every row
 * this connection inserted, updated or deleted (triggers included). Two cheap reads, no table
 * touched: read-mostly answers (lib/api/list-cache.ts) are reused until it moves.
 */
export function changeVersion(client: Database.Database = getDb().$client): string {
  let s = statements.get(client);
  if (!s) statements.set(client, (s = client.prepare("select total_changes()").pluck()));
  return `${client.pragma("data_version", { simple: true })}.${s.get()}`;
}
