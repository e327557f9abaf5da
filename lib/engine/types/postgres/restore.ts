import path from "node:path";
import { extractEntryToFile } from "../../archive/read";
import { runTool } from "../../process/exec-tool";
import type { RestoreCtx } from "../../restore/context";
import { pgConn, pgLiteral, psql, quotePg } from "../shared/db-cli";

export async function extractDump(ctx: Pick<RestoreCtx, "artifact" | "workDir" | "signal">): Promise<string> {
  const file = path.join(ctx.workDir, "database.dump");
  await extractEntryToFile(ctx.artifact, "database.dump", file, ctx.signal);
  return file;
}

export async function pgDatabaseExists(url: string, database: string): Promise<boolean> {
  const rows = await psql(pgConn(url, "postgres"), `SELECT 1 FROM pg_database WHERE datname = ${pgLiteral(database)}`);
  return rows.length > 0;
}

/** Tables with exact row counts (for test restores and "what is there now"). */
export async function pgTableCounts(url: string, database: string, exact: boolean): Promise<{ schema: string; name: string; rows: number }[]> {
  const conn = pgConn(url, database);
  const tables = await psql(
    conn,
    "SELECT n.nspname, c.relname, GREATEST(c.reltuples, 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
      "WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2",
  );
  if (!exact) return tables.map(([schema, name, est]) => ({ schema: schema!, name: name!, rows: Number(est) }));
  if (tables.length === 0) return [];
  const union = tables.map(([s, n]) => `SELECT ${pgLiteral(s!)}, ${pgLiteral(n!)}, count(*) FROM ${quotePg(s!)}.${quotePg(n!)}`).join(" UNION ALL ");
  const rows = await psql(conn, union);
  return rows.map(([schema, name, c]) => ({ schema: schema!, name: name!, rows: Number(c) }));
}

export async function pgDatabaseSize(url: string, database: string): Promise<number> {
  const rows = await psql(pgConn(url, database), "SELECT pg_database_size(current_database())");
  return Number(rows[0]?.[0] ?? 0);
}

/** The server's data directory when this role may read it (for the free-space check). */
export async function pgDataDir(url: string): Promise<string | null> {
  try {
    const rows = await psql(pgConn(url), "SHOW data_directory");
    return rows[0]?.[0] ?? null;
  } catch {
    return null;
  }
}

export async function pgCreateDatabase(url: string, database: string, signal?: AbortSignal): Promise<void> {
  await psql(pgConn(url, "postgres"), `CREATE DATABASE ${quotePg(database)}`, signal);
}

export async function pgDropDatabase(url: string, database: string): Promise<void> {
  // WITH (FORCE): a scratch database must go even if a stray session still holds it (PG 13+).
  await psql(pgConn(url, "postgres"), `DROP DATABASE IF EXISTS ${quotePg(database)} WITH (FORCE)`);
}

/**
 * Restore database.dump into `database`: pg_restore --clean --if-exists --no-owner, in one
 * transaction (--single-transaction) so a failure half way leaves the database as it was.
 */
export async function pgRestore(ctx: RestoreCtx, url: string, database: string, opts: { create: boolean; restricted?: boolean }): Promise<void> {
  const dump = await extractDump(ctx);
  ctx.log.info(`Extracted database.dump (${path.basename(dump)}) to the restore work folder`);
  if (opts.create) {
    ctx.log.info(`Creating database "${database}"`);
    await pgCreateDatabase(url, database, ctx.signal);
  }
  const conn = pgConn(url, database);
  if (opts.restricted) ctx.log.info(`Restoring with the target's restricted restore login "${decodeURIComponent(new URL(url).username)}" (uploaded artifact)`);
  const args = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${conn.uri}`, dump];
  await runTool("pg_restore", args, { signal: ctx.signal, log: ctx.log, env: conn.env });
}
