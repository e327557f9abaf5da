import { pgConn, psql, type PgConn } from "../types/shared/db-cli";

/**
 * Connections PITR makes to the target's server, from the target's URL (password in PGPASSWORD,
 * never in argv). A physical replication connection is the same URI with `replication=true`:
 * pg_hba.conf matches it against its `replication` lines, not the database name.
 */

export function sqlConn(url: string, database?: string): PgConn {
  return pgConn(url, database);
}

export function replicationConn(url: string): PgConn {
  const c = pgConn(url);
  const u = new URL(c.uri);
  u.searchParams.set("replication", "true");
  return { ...c, uri: u.toString() };
}

/** The role name the URL logs in as (libpq's default is the OS user; Lifeboat's URLs name one). */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username) || "postgres";
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || roleOf(url);
}

/** One value of a one-row query. */
export async function scalar(conn: PgConn, sql: string, signal?: AbortSignal): Promise<string | null> {
  const rows = await psql(conn, sql, signal);
  return rows[0]?.[0] ?? null;
}

export { psql };
