import fs from "node:fs";
import path from "node:path";
import { urlParts } from "../shared/db-url";
import { runTool } from "../../process/exec-tool";
import type { TableCount } from "../../archive/manifest";
import type { Driver, DriverContext } from "../backup-types";
import { describeUrl, findTool, versionOf } from "../shared/tools";
import { watchFileSize } from "../shared/file-progress";
import { refuseOptionLike } from "../shared/option-safe";
import { formatBytesExact } from "../../../ui/units";

/** Connection arguments (no password: it goes in MYSQL_PWD). */
export function mysqlConn(url: string): { args: string[]; env: Record<string, string | undefined>; database: string } {
  const u = urlParts(url);
  refuseOptionLike({ host: u.host, "user name": u.user, "database name": u.database });
  const args = [`--host=${u.host}`, `--port=${u.port ?? 3306}`];
  if (u.user) args.push(`--user=${u.user}`);
  if (u.params.ssl === "true" || u.params.ssl === "1") args.push("--ssl");
  return { args, env: { MYSQL_PWD: u.password ?? "" }, database: u.database ?? "" };
}

const quoteIdent = (s: string) => "`" + s.replace(/`/g, "``") + "`";
const quoteStr = (s: string) => "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "''") + "'";

export async function mysqlQuery(ctx: Pick<DriverContext, "signal" | "log">, url: string, sql: string, db?: string): Promise<string> {
  const c = mysqlConn(url);
  const client = findTool(["mariadb", "mysql"]);
  const args = [...c.args, "--batch", "--skip-column-names", "--raw", "-e", sql];
  if (db) args.push(`--database=${db}`);
  return (await runTool(client, args, { signal: ctx.signal, log: ctx.log, env: c.env, capture: true })).stdout;
}

/**
 * mariadb-dump (or mysqldump) of ONE database, without `--databases`: the dump has no
 * CREATE DATABASE / USE, so it restores into any database name (`mariadb scratch < database.sql`)
 * and can never overwrite the original by accident. The name comes after `--` (mariadb-dump and
 * mysqldump read what follows as names, never as options).
 */
export function mysqlDumpArgs(connArgs: string[], out: string | null, database: string): string[] {
  return [
    ...connArgs,
    "--single-transaction",
    "--routines",
    "--triggers",
    "--hex-blob",
    "--no-tablespaces",
    "--default-character-set=utf8mb4",
    // null: to stdout (a dump run on another server streams back over SSH).
    ...(out ? [`--result-file=${out}`] : []),
    "--",
    database,
  ];
}

/** The tables' data and index size (the progress estimate while the dump runs). */
export const mysqlSizeSql = (database: string) =>
  `select coalesce(sum(data_length + index_length), 0) from information_schema.tables where table_schema = ${quoteStr(database)}`;
export const mysqlTableNamesSql = (database: string) =>
  `select table_name from information_schema.tables where table_schema = ${quoteStr(database)} and table_type = 'BASE TABLE' order by table_name`;
/** Exact row counts of `names`, one union query (run with the dumped database current). */
export const mysqlCountsSql = (names: string[]) => names.map((n) => `select ${quoteStr(n)}, count(*) from ${quoteIdent(n)}`).join(" union all ");

export const mysqlDriver: Driver = {
  type: "mysql",
  describe: describeUrl,
  async produce(ctx) {
    const url = String(ctx.source.url);
    const c = mysqlConn(url);
    const dump = findTool(["mariadb-dump", "mysqldump"]);
    const server = (await mysqlQuery(ctx, url, "select version()")).trim();
    const tool = versionOf((await runTool(dump, ["--version"], { signal: ctx.signal, log: ctx.log, capture: true })).stdout);
    // The progress total while the dump runs: the tables' data and index size on the server (an
    // estimate: the SQL text is usually of that order, indexes are not in it).
    const sizeOut = await mysqlQuery(ctx, url, mysqlSizeSql(c.database));
    const estimate = Number(sizeOut.trim()) || null;
    ctx.log.info(`database size on the server: ${formatBytesExact(estimate)} (data + indexes, an estimate for the dump)`);
    const out = path.join(ctx.workDir, "database.sql");
    ctx.progress(0, estimate);
    const stop = watchFileSize(out, (b) => ctx.progress(b, estimate));
    try {
      await runTool(dump, mysqlDumpArgs(c.args, out, c.database), { signal: ctx.signal, log: ctx.log, env: c.env });
    } finally {
      stop();
    }
    const finishedAt = new Date();
    const names = (await mysqlQuery(ctx, url, mysqlTableNamesSql(c.database))).split("\n").filter(Boolean);
    let tables: TableCount[] = [];
    if (names.length) {
      tables = (await mysqlQuery(ctx, url, mysqlCountsSql(names), c.database))
        .split("\n")
        .filter(Boolean)
        .map((l) => {
          const [name, rows] = l.split("\t");
          return { name, rows: Number(rows) };
        });
    }
    ctx.progress(fs.statSync(out).size, estimate);
    return {
      kind: "file",
      path: out,
      name: "database.sql",
      tool: { name: path.basename(dump), version: tool },
      server: { version: server },
      tables,
      finishedAt,
    };
  },
};
