import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";
import { env } from "../env";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const g = globalThis as unknown as { __lifeboatDb?: { file: string; db: Db } };

export function migrationsFolder(): string {
  return process.env.LIFEBOAT_MIGRATIONS_DIR ?? path.join(process.cwd(), "drizzle");
}

export function openDb(file: string): Db {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

export function dbFile(): string {
  return path.join(env().dataDir, "lifeboat.db");
}

/** The process-wide database (migrations applied on first use). */
export function getDb(): Db {
  const file = dbFile();
  if (!g.__lifeboatDb || g.__lifeboatDb.file !== file) {
    g.__lifeboatDb?.db.$client.close();
    g.__lifeboatDb = { file, db: openDb(file) };
  }
  return g.__lifeboatDb.db;
}

export function closeDb(): void {
  g.__lifeboatDb?.db.$client.close();
  g.__lifeboatDb = undefined;
}

/** The synchronous transaction handle type (better-sqlite3: keep callbacks synchronous). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
