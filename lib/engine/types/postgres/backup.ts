import fs from "node:fs";
import path from "node:path";
import { urlParts } from "../shared/db-url";
import { runTool } from "../../process/exec-tool";
import type { TableCount } from "../../archive/manifest";
import type { Driver, DriverContext } from "../backup-types";
import { describeUrl, versionOf } from "../shared/tools";
import { watchFileSize } from "../shared/file-progress";
import { refuseOptionLike } from "../shared/option-safe";
import { formatBytesExact } from "../../../ui/units";

/** Connection settings for libpq tools, all through the environment (PGPASSWORD never in argv). */
export function pgEnv(url: string): Record<string, string | undefined> {
  const u = urlParts(url);
  // libpq variables are never parsed as options, but such a name is refused everywhere alike.
  refuseOptionLike({ host: u.host, "user name": u.user, "database name": u.database });
  return {
    PGHOST: u.host,
    PGPORT: String(u.port ?? 5432),
    PGUSER: u.user,
    PGPASSWORD: u.password ?? "",
    PGDATABASE: u.database,
    PGSSLMODE: u.params.sslmode,
    PGCONNECT_TIMEOUT: u.params.connect_timeout ?? "10",
    PGAPPNAME: "lifeboat",
  };
}

// Exact row counts in one query: query_to_xml runs a count(*) per table (no string building in JS).
export const COUNT_SQL = `select table_schema, table_name,
  (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I', table_schema, table_name), false, true, '')))[1]::text
  from information_schema.tables
  where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
  order by 1, 2`;

const psqlArgs = (sql: string) => ["-X", "-w", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-F", "\t", "-c", sql];

export async function pgQuery(ctx: Pick<DriverContext, "signal" | "log">, url: string, sql: string): Promise<string> {
  const { stdout } = await runTool("psql", psqlArgs(sql), { signal: ctx.signal, log: ctx.log, env: pgEnv(url), capture: true });
  return stdout;
}

export const postgresDriver: Driver = {
  type: "postgres",
  describe: describeUrl,
  async produce(ctx) {
    const url = String(ctx.source.url);
    const env = pgEnv(url);
    const server = (await pgQuery(ctx, url, "show server_version")).trim();
    const tool = versionOf((await runTool("pg_dump", ["--version"], { signal: ctx.signal, log: ctx.log, capture: true })).stdout);
    const sizeOut = await pgQuery(ctx, url, "select pg_database_size(current_database())");
    ctx.log.info(`database size on the server: ${formatBytesExact(Number(sizeOut.trim()) || null)} (the dump is usually smaller)`);
    // The progress total while pg_dump runs: an estimate (indexes and free space are not dumped).
    const estimate = Number(sizeOut.trim()) || null;
    const out = path.join(ctx.workDir, "database.dump");
    ctx.progress(0, estimate);
    const stop = watchFileSize(out, (b) => ctx.progress(b, estimate));
    try {
      await runTool("pg_dump", ["-Fc", "-w", "--no-password", "-f", out], { signal: ctx.signal, log: ctx.log, env });
    } finally {
      stop();
    }
    const finishedAt = new Date();
    const tables: TableCount[] = (await pgQuery(ctx, url, COUNT_SQL))
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        const [schema, name, rows] = l.split("\t");
        return { schema, name, rows: Number(rows) };
      });
    ctx.progress(fs.statSync(out).size, estimate);
    return {
      kind: "file",
      path: out,
      name: "database.dump",
      tool: { name: "pg_dump", version: tool },
      server: { version: server },
      tables,
      finishedAt,
    };
  },
};
