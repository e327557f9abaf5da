import fs from "node:fs";
import path from "node:path";
import type { TableCount } from "../../archive/manifest";
import type { DriverContext, FilePayload } from "../backup-types";
import type { RestoreCtx } from "../../restore/context";
import { Undo } from "../../restore/undo-alternate";
import type { ScratchDatabaseOps } from "../shared/scratch-database";
import { pgCreateRefused } from "../shared/scratch-rights";
import type { ConnectionCheck, DestinationState, Resolved } from "../restore-shapes";
import { RunLog } from "../../process/run-log";
import { runnerFor, type ToolRunner } from "../../servers/runner";
import { pgConn, pgLiteral, quotePg } from "../shared/db-cli";
import { versionOf } from "../shared/tools";
import { COUNT_SQL, pgEnv } from "./backup";
import { extractDump } from "./restore";
import { formatBytesExact } from "../../../ui/units";

type Ctx = { signal: AbortSignal; log: RunLog };

/** Rows of a query run by psql on the server; the password goes through the wrapper's stdin. */
async function remotePsql(runner: ToolRunner, ctx: Ctx, url: string, database: string | undefined, sql: string): Promise<string[][]> {
  const conn = pgConn(url, database);
  const { stdout } = await runner.run("psql", ["-X", "-w", "-A", "-t", "-q", "-F", "\t", "-v", "ON_ERROR_STOP=1", `--dbname=${conn.uri}`, "-c", sql], {
    ...ctx,
    env: { ...conn.env, PGCONNECT_TIMEOUT: "10", PGAPPNAME: "lifeboat" },
    capture: true,
  });
  return stdout ? stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t")) : [];
}

/**
 * pg_dump run on the target's server (the URL is as that server sees the database: `localhost`
 * there is its own), the custom-format dump streamed back into the work folder.
 */
export async function produceRemotePostgres(ctx: DriverContext): Promise<FilePayload> {
  const runner = runnerFor(ctx.target.serverId);
  const url = String(ctx.source.url);
  const env = pgEnv(url);
  const one = async (sql: string) => (await remotePsql(runner, ctx, url, undefined, sql))[0]?.[0] ?? "";
  const server = (await one("show server_version")).trim();
  const tool = versionOf((await runner.run("pg_dump", ["--version"], { ...ctx, capture: true })).stdout);
  const estimate = Number(await one("select pg_database_size(current_database())")) || null;
  ctx.log.info(`database size on the server: ${formatBytesExact(estimate)} (the dump is usually smaller)`);
  const out = path.join(ctx.workDir, "database.dump");
  let bytes = 0;
  ctx.progress(0, estimate);
  await runner.run("pg_dump", ["-Fc", "-w", "--no-password"], { ...ctx, env, stdoutFile: out, onBytes: (n) => ctx.progress((bytes += n), estimate) });
  const finishedAt = new Date();
  const tables: TableCount[] = (await remotePsql(runner, ctx, url, undefined, COUNT_SQL)).map(([schema, name, rows]) => ({ schema: schema!, name: name!, rows: Number(rows) }));
  ctx.progress(fs.statSync(out).size, estimate);
  return { kind: "file", path: out, name: "database.dump", tool: { name: "pg_dump", version: tool }, server: { version: server }, tables, finishedAt };
}

/** "Test connection" from the target's server: its psql connects with the URL as that server sees it. */
export async function remotePostgresConnection(source: Record<string, unknown>, runner: ToolRunner, ctx: Ctx): Promise<ConnectionCheck> {
  const [row] = await remotePsql(runner, ctx, String(source.url), undefined, "SHOW server_version");
  return { ok: true, message: `Connected from ${runner.where}: PostgreSQL ${row?.[0] ?? "(version unknown)"}` };
}

/** pg_restore on the server, the dump fed through stdin; same options as a local restore. */
export async function restoreRemotePostgres(ctx: RestoreCtx, dest: Resolved, undo: Undo): Promise<string> {
  const runner = runnerFor(dest.serverId);
  const url = dest.url!;
  const database = dest.database!;
  const exists = (await remotePsql(runner, ctx, url, "postgres", `SELECT 1 FROM pg_database WHERE datname = ${pgLiteral(database)}`)).length > 0;
  if (!exists) {
    ctx.log.info(`Creating database "${database}" on ${runner.where}`);
    await remotePsql(runner, ctx, url, "postgres", `CREATE DATABASE ${quotePg(database)}`);
    undo.add(`database "${database}"`, async () => {
      await remotePsql(runner, { signal: AbortSignal.timeout(60_000), log: ctx.log }, url, "postgres", `DROP DATABASE IF EXISTS ${quotePg(database)} WITH (FORCE)`);
    });
  }
  const dump = await extractDump(ctx);
  const conn = pgConn(url, database);
  const args = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${conn.uri}`];
  await runner.run("pg_restore", args, { ...ctx, env: conn.env, stdin: fs.createReadStream(dump) });
  return `Restored into PostgreSQL database "${database}" on ${runner.where}`;
}

export async function probeRemotePostgres(d: Resolved): Promise<DestinationState> {
  const runner = runnerFor(d.serverId);
  const ctx = { signal: AbortSignal.timeout(30_000), log: new RunLog(0, [], "/dev/null") };
  try {
    const exists = (await remotePsql(runner, ctx, d.url!, "postgres", `SELECT 1 FROM pg_database WHERE datname = ${pgLiteral(d.database!)}`)).length > 0;
    if (!exists) return { exists: false, empty: true, sizeBytes: null, free: null };
    const rows = await remotePsql(
      runner,
      ctx,
      d.url!,
      d.database!,
      "SELECT n.nspname, c.relname, GREATEST(c.reltuples, 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2",
    );
    const tables = rows.map(([schema, name, est]) => ({ schema: schema!, name: name!, rows: Number(est) }));
    return { exists: true, empty: tables.length === 0, sizeBytes: null, tables, free: null };
  } catch (e) {
    return { exists: false, empty: false, sizeBytes: null, free: null, error: (e as Error).message };
  }
}

/**
 * A test restore's scratch database on the target's server: created, restored into by its
 * pg_restore, counted exactly and dropped by its psql, with the URL as that server sees it.
 */
export function remotePostgresScratchOps(serverId: number, ctx: RestoreCtx): ScratchDatabaseOps {
  const runner = runnerFor(serverId);
  const quiet = () => ({ signal: AbortSignal.timeout(60_000), log: ctx.log });
  return {
    create: async (url, database) => void (await remotePsql(runner, ctx, url, "postgres", `CREATE DATABASE ${quotePg(database)}`)),
    restore: (c, url, database, opts) =>
      restoreRemotePostgres(c, { type: "postgres", kind: "postgres", url, database, original: false, restricted: opts.restricted, serverId }, new Undo()).then(() => undefined),
    counts: async (url, database) =>
      (await remotePsql(runner, ctx, url, database, COUNT_SQL)).map(([schema, name, rows]) => ({ schema: schema!, name: name!, rows: Number(rows) })),
    drop: async (url, database) => void (await remotePsql(runner, quiet(), url, "postgres", `DROP DATABASE IF EXISTS ${quotePg(database)} WITH (FORCE)`)),
    createRefused: pgCreateRefused,
  };
}
