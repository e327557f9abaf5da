import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { TableCount } from "../../archive/manifest";
import { pipeEntryTo } from "../../archive/read";
import type { DriverContext, FilePayload } from "../backup-types";
import type { RestoreCtx } from "../../restore/context";
import { RestoreError } from "../../restore/context";
import { Undo } from "../../restore/undo-alternate";
import type { ScratchDatabaseOps } from "../shared/scratch-database";
import { mysqlCreateRefused } from "../shared/scratch-rights";
import type { ConnectionCheck, DestinationState, Resolved } from "../restore-shapes";
import { RunLog } from "../../process/run-log";
import { StepError } from "../../process/step";
import { runnerFor, type ToolRunner } from "../../servers/runner";
import { myConn, quoteMy } from "../shared/db-cli";
import { remoteTool, tsvRows } from "../shared/remote-tools";
import { mysqlConn, mysqlCountsSql, mysqlDumpArgs, mysqlSizeSql, mysqlTableNamesSql } from "./backup";
import { CLIENT_FLAGS, clientRefusal, parseServerVersion } from "./restore";
import { MysqlStatementFilter } from "./statement-filter";
import { DumpRefusedError } from "./dump-refused";
import { formatBytesExact } from "../../../ui/units";

type Ctx = { signal: AbortSignal; log: RunLog };

const CLIENTS = ["mariadb", "mysql"] as const;
const DUMPERS = ["mariadb-dump", "mysqldump"] as const;
const lit = (s: string) => "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "''") + "'";

/** The server's client (mariadb, else mysql), asked once per runner. */
const clients = new WeakMap<ToolRunner, Promise<string>>();
function clientOf(runner: ToolRunner, ctx: Ctx): Promise<string> {
  let p = clients.get(runner);
  if (!p) {
    p = remoteTool(runner, ctx, CLIENTS).then((t) => t.name);
    p.catch(() => clients.delete(runner));
    clients.set(runner, p);
  }
  return p;
}

/**
 * A query run by the server's mariadb (or mysql) client; the password goes through the wrapper's
 * stdin into MYSQL_PWD, never onto the remote command line. `database` null: none current.
 */
async function remoteQuery(runner: ToolRunner, ctx: Ctx, url: string, sql: string, database: string | null = null): Promise<string[][]> {
  const c = myConn(url);
  const name = await clientOf(runner, ctx);
  const args = [...c.args, "--batch", "--skip-column-names", "--raw", "-e", sql];
  if (database) args.push(`--database=${database}`);
  const { stdout } = await runner.run(name, args, { ...ctx, env: c.env, capture: true });
  return tsvRows(stdout);
}

const serverVersion = async (runner: ToolRunner, ctx: Ctx, url: string) => parseServerVersion((await remoteQuery(runner, ctx, url, "SELECT VERSION()"))[0]?.[0] ?? "");

/**
 * mariadb-dump (or mysqldump) run on the target's server (the URL as that server sees the
 * database), the same options as a local dump, its output streamed back into the work folder.
 */
export async function produceRemoteMysql(ctx: DriverContext): Promise<FilePayload> {
  const runner = runnerFor(ctx.target.serverId);
  const url = String(ctx.source.url);
  const c = mysqlConn(url);
  const server = (await remoteQuery(runner, ctx, url, "select version()"))[0]?.[0] ?? "";
  const dump = await remoteTool(runner, ctx, DUMPERS);
  const estimate = Number((await remoteQuery(runner, ctx, url, mysqlSizeSql(c.database)))[0]?.[0]) || null;
  ctx.log.info(`database size on the server: ${formatBytesExact(estimate)} (data + indexes, an estimate for the dump)`);
  const out = path.join(ctx.workDir, "database.sql");
  let bytes = 0;
  ctx.progress(0, estimate);
  await runner.run(dump.name, mysqlDumpArgs(c.args, null, c.database), { ...ctx, env: c.env, stdoutFile: out, onBytes: (n) => ctx.progress((bytes += n), estimate) });
  const finishedAt = new Date();
  const names = (await remoteQuery(runner, ctx, url, mysqlTableNamesSql(c.database))).map((r) => r[0]!);
  const tables: TableCount[] = names.length
    ? (await remoteQuery(runner, ctx, url, mysqlCountsSql(names), c.database)).map(([name, rows]) => ({ name: name!, rows: Number(rows) }))
    : [];
  ctx.progress(fs.statSync(out).size, estimate);
  return { kind: "file", path: out, name: "database.sql", tool: { name: dump.name, version: dump.version }, server: { version: server }, tables, finishedAt };
}

/** "Test connection" from the target's server: its client connects with the URL as that server sees it. */
export async function remoteMysqlConnection(source: Record<string, unknown>, runner: ToolRunner, ctx: Ctx): Promise<ConnectionCheck> {
  const v = await serverVersion(runner, ctx, String(source.url));
  return { ok: true, message: `Connected from ${runner.where}: ${v.mariadb ? "MariaDB" : "MySQL"} ${v.text}` };
}

const existsSql = (database: string) => `SELECT 1 FROM information_schema.schemata WHERE schema_name = ${lit(database)}`;

/**
 * The same restore as a local one, with the client on the server: the dump goes through the
 * statement filter HERE, on the console, before a byte of it leaves for the server, and into
 * `mariadb --sandbox --one-database <db>` there through the channel's stdin. A refused statement
 * is never sent: the remote client is killed before its input ends (remote-exec), so it never
 * runs what it holds, and the restore fails saying which statement and why.
 */
export async function restoreRemoteMysql(ctx: RestoreCtx, dest: Resolved, undo: Undo): Promise<string> {
  const runner = runnerFor(dest.serverId);
  const url = dest.url!;
  const database = dest.database!;
  const server = await serverVersion(runner, ctx, url);
  if ((await remoteQuery(runner, ctx, url, existsSql(database))).length === 0) {
    ctx.log.info(`Creating database "${database}" on ${runner.where}`);
    await remoteQuery(runner, ctx, url, `CREATE DATABASE ${quoteMy(database)}`);
    undo.add(`database "${database}"`, async () => {
      await remoteQuery(runner, { signal: AbortSignal.timeout(60_000), log: ctx.log }, url, `DROP DATABASE IF EXISTS ${quoteMy(database)}`);
    });
  }
  const conn = myConn(url, database);
  const client = await remoteTool(runner, ctx, ["mariadb"]);
  const filter = new MysqlStatementFilter({ database, serverVersion: server.number, mariadb: server.mariadb, stripDefiner: dest.restricted });
  if (dest.restricted) ctx.log.info("Restoring with the target's restricted restore login; DEFINER clauses are dropped, so views, triggers and routines belong to it");
  const input = new PassThrough();
  const feeding = pipeEntryTo(ctx.artifact, "database.sql", input, { transform: filter, signal: ctx.signal }).then(
    () => null,
    (e: unknown) => e as Error,
  );
  ctx.log.info(`database.sql goes to ${client.name} on ${runner.where} checked statement by statement, here`);
  try {
    // The database as the one positional argument after "--", as locally (--one-database needs it so).
    await runner.run(client.name, [...conn.args, ...CLIENT_FLAGS, "--", database], {
      ...ctx,
      // \e and "edit" run $EDITOR even in sandbox mode: a no-op there too, whatever the filter misses.
      env: { ...conn.env, EDITOR: "true", VISUAL: "true" },
      stdin: input,
    });
  } catch (e) {
    // The client stopped (or was stopped): end the feed so it settles, then say the first cause.
    input.destroy();
    const fed = await feeding;
    if (fed instanceof DumpRefusedError) throw fed;
    if (e instanceof DumpRefusedError) throw e;
    if (e instanceof StepError) throw clientRefusal(ctx.log.lastErrorLines(20).join("\n") + "\n" + e.message) ?? e;
    throw e;
  }
  const fed = await feeding;
  if (fed) throw fed instanceof RestoreError ? fed : new RestoreError(`reading the dump failed: ${fed.message}`);
  ctx.log.info(`${filter.statements} statement(s) checked and run`);
  return `Restored into MariaDB database "${database}" on ${runner.where}`;
}

export async function probeRemoteMysql(d: Resolved): Promise<DestinationState> {
  const runner = runnerFor(d.serverId);
  const ctx = { signal: AbortSignal.timeout(30_000), log: new RunLog(0, [], "/dev/null") };
  try {
    const database = d.database!;
    if ((await remoteQuery(runner, ctx, d.url!, existsSql(database))).length === 0) return { exists: false, empty: true, sizeBytes: null, free: null };
    const rows = await remoteQuery(
      runner,
      ctx,
      d.url!,
      `SELECT table_name, COALESCE(table_rows,0), COALESCE(data_length,0)+COALESCE(index_length,0) FROM information_schema.tables WHERE table_schema=${lit(database)} AND table_type='BASE TABLE' ORDER BY table_name`,
    );
    const tables = rows.map(([name, est]) => ({ name: name!, rows: Number(est) }));
    const sizeBytes = rows.reduce((a, r) => a + Number(r[2] ?? 0), 0);
    return { exists: true, empty: tables.length === 0, sizeBytes, tables, free: null };
  } catch (e) {
    return { exists: false, empty: false, sizeBytes: null, free: null, error: (e as Error).message };
  }
}

/**
 * A test restore's scratch database on the target's server: created, restored into (the same
 * checked stream as a restore), counted and dropped by that server's client, with the URL as it
 * sees the database.
 */
export function remoteMysqlScratchOps(serverId: number, ctx: RestoreCtx): ScratchDatabaseOps {
  const runner = runnerFor(serverId);
  const quiet = () => ({ signal: AbortSignal.timeout(60_000), log: ctx.log });
  return {
    create: async (url, database) => void (await remoteQuery(runner, ctx, url, `CREATE DATABASE ${quoteMy(database)}`)),
    restore: async (c, url, database, opts) =>
      void (await restoreRemoteMysql(c, { type: "mysql", kind: "mysql", url, database, original: false, restricted: opts.restricted, serverId }, new Undo())),
    counts: async (url, database) => {
      const names = (await remoteQuery(runner, ctx, url, mysqlTableNamesSql(database))).map((r) => r[0]!);
      if (!names.length) return [];
      return (await remoteQuery(runner, ctx, url, mysqlCountsSql(names), database)).map(([name, rows]) => ({ name: name!, rows: Number(rows) }));
    },
    drop: async (url, database) => void (await remoteQuery(runner, quiet(), url, `DROP DATABASE IF EXISTS ${quoteMy(database)}`)),
    createRefused: mysqlCreateRefused,
  };
}
