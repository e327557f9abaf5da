import { Transform, type TransformCallback } from "node:stream";
import { trackedExeca } from "../runner/process-registry";
import readline from "node:readline";
import { pipeEntryTo, walkArtifact, entryName } from "../archive/read";
import type { RestoreCtx } from "./context";
import { RestoreError } from "./context";
import { mariadb, myConn, quoteMy } from "./db-cli";

const SWITCH_DB = /^(USE\s+`|CREATE\s+DATABASE\b|\/\*!40000 DROP DATABASE|DROP\s+DATABASE\b)/i;

/**
 * Drops the statements of a `mariadb-dump --databases` dump that would switch to (or create)
 * the original database, so the dump lands in the database the user chose. Works line by line
 * without holding more than one line: the dump writes each of these statements on its own line.
 */
export class DatabaseSwitchFilter extends Transform {
  private pending = "";
  dropped: string[] = [];

  _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const text = this.pending + chunk.toString("utf8");
    const last = text.lastIndexOf("\n");
    if (last < 0) {
      this.pending = text;
      return cb();
    }
    this.pending = text.slice(last + 1);
    this.push(this.filterBlock(text.slice(0, last + 1)));
    cb();
  }

  _flush(cb: TransformCallback): void {
    if (this.pending) this.push(this.filterBlock(this.pending));
    cb();
  }

  private filterBlock(block: string): string {
    // Fast path: most blocks are INSERT data with none of these statements.
    if (!/^(USE|CREATE DATABASE|DROP DATABASE|\/\*!40000 DROP DATABASE)/im.test(block)) return block;
    return block
      .split("\n")
      .filter((line) => {
        if (SWITCH_DB.test(line)) {
          this.dropped.push(line.slice(0, 120));
          return false;
        }
        return true;
      })
      .join("\n");
  }
}

/** Table names in the dump (CREATE TABLE lines), read as a stream. */
export async function mysqlDumpTables(artifact: string, signal?: AbortSignal): Promise<string[]> {
  const names: string[] = [];
  await walkArtifact(
    artifact,
    async (entry, body) => {
      if (entryName(entry.name) !== "database.sql") return;
      const rl = readline.createInterface({ input: body, crlfDelay: Infinity });
      for await (const line of rl) {
        const m = /^CREATE TABLE (?:IF NOT EXISTS )?`((?:[^`]|``)+)`/.exec(line);
        if (m) names.push(m[1]!.replace(/``/g, "`"));
      }
      return "stop" as const;
    },
    signal,
  );
  return names;
}

export async function mysqlDatabaseExists(url: string, database: string): Promise<boolean> {
  const rows = await mariadb(myConn(url), `SELECT 1 FROM information_schema.schemata WHERE schema_name = '${database.replace(/'/g, "''")}'`, {
    database: null,
  });
  return rows.length > 0;
}

export async function mysqlTableCounts(url: string, database: string, exact: boolean): Promise<{ name: string; rows: number; bytes: number }[]> {
  const conn = myConn(url, database);
  const esc = database.replace(/'/g, "''");
  const rows = await mariadb(
    conn,
    `SELECT table_name, COALESCE(table_rows,0), COALESCE(data_length,0)+COALESCE(index_length,0) FROM information_schema.tables WHERE table_schema='${esc}' AND table_type='BASE TABLE' ORDER BY table_name`,
    { database: null },
  );
  const out = rows.map(([name, est, bytes]) => ({ name: name!, rows: Number(est), bytes: Number(bytes) }));
  if (!exact || out.length === 0) return out;
  const union = out.map((t) => `SELECT '${t.name.replace(/'/g, "''")}', COUNT(*) FROM ${quoteMy(t.name)}`).join(" UNION ALL ");
  const counts = new Map((await mariadb(conn, union)).map(([n, c]) => [n!, Number(c)]));
  return out.map((t) => ({ ...t, rows: counts.get(t.name) ?? 0 }));
}

export async function mysqlDataDir(url: string): Promise<string | null> {
  try {
    return (await mariadb(myConn(url), "SELECT @@datadir", { database: null }))[0]?.[0] ?? null;
  } catch {
    return null;
  }
}

export async function mysqlCreateDatabase(url: string, database: string): Promise<void> {
  await mariadb(myConn(url), `CREATE DATABASE ${quoteMy(database)}`, { database: null });
}

export async function mysqlDropDatabase(url: string, database: string): Promise<void> {
  await mariadb(myConn(url), `DROP DATABASE IF EXISTS ${quoteMy(database)}`, { database: null });
}

/** Pipe database.sql into `mariadb <database>`, without the dump's own USE/CREATE DATABASE. */
export async function mysqlRestore(ctx: RestoreCtx, url: string, database: string, opts: { create: boolean }): Promise<void> {
  if (opts.create) {
    ctx.log.info(`Creating database "${database}"`);
    await mysqlCreateDatabase(url, database);
  }
  const conn = myConn(url, database);
  ctx.log.info(`$ mariadb ${[...conn.args, `--database=${database}`].join(" ")} < database.sql`);
  const child = trackedExeca("mariadb", [...conn.args, "--batch", `--database=${database}`], {
    env: conn.env,
    cancelSignal: ctx.signal,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    reject: false,
    buffer: { stdout: false, stderr: true },
  });
  child.stdout?.resume();
  const filter = new DatabaseSwitchFilter();
  const feeding = pipeEntryTo(ctx.artifact, "database.sql", child.stdin!, { transform: filter, signal: ctx.signal }).catch((e) => e as Error);
  const result = await child;
  const fed = await feeding;
  if (filter.dropped.length) ctx.log.info(`Skipped ${filter.dropped.length} statement(s) that switch database: ${filter.dropped.slice(0, 3).join(" | ")}`);
  if (result.failed) {
    const err = String(result.stderr ?? "").trim();
    if (err) ctx.log.output(err, "stderr");
    throw new RestoreError(`mariadb failed (exit code ${result.exitCode ?? "?"}): ${err.split("\n").slice(-2).join(" | ") || result.shortMessage}`);
  }
  if (fed instanceof Error) throw fed;
}
