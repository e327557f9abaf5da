import { signalChildGroup, trackedExeca } from "../../process/process-registry";
import readline from "node:readline";
import { pipeEntryTo, walkArtifact, entryName } from "../../archive/read";
import type { RestoreCtx } from "../../restore/context";
import { RestoreError } from "../../restore/context";
import { mariadb, myConn, quoteMy } from "../shared/db-cli";
import { MysqlStatementFilter } from "./statement-filter";
import { DumpRefusedError } from "./dump-refused";
import { GUARD_FAILED } from "./session-guard";

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

/** The server's version as a number (10.11.19 → 101119) and whether it is MariaDB. */
export async function mysqlServerVersion(url: string): Promise<{ number: number; mariadb: boolean; text: string }> {
  return parseServerVersion((await mariadb(myConn(url), "SELECT VERSION()", { database: null }))[0]?.[0] ?? "");
}

/**
 * The client's safest mode: no shell, file, pager or tee commands (--sandbox), no statement run
 * while another database is current (--one-database), no LOAD DATA LOCAL, no named commands in
 * the middle of a statement, and a fixed client character set the filter reads correctly.
 */
export const CLIENT_FLAGS = ["--batch", "--sandbox", "--one-database", "--skip-named-commands", "--skip-comments", "--local-infile=0", "--default-character-set=utf8mb4"];

/** The client's errors that mean a refusal (the session guard tripped, no --sandbox), said plainly; null otherwise. */
export function clientRefusal(stderr: string): RestoreError | null {
  if (stderr.includes(GUARD_FAILED)) {
    return new RestoreError(
      "The dump was refused: it set sql_mode or the character set in a way the statement check cannot follow (NO_BACKSLASH_ESCAPES, ANSI_QUOTES or a multibyte character set from a variable or expression); nothing after that SET was run.",
    );
  }
  if (/unknown (option|variable).*sandbox/i.test(stderr)) {
    return new RestoreError("The installed mariadb client has no --sandbox mode (MariaDB 10.5.25, 10.6.18, 10.11.8 or newer): upgrade mariadb-client to restore safely.");
  }
  return null;
}

/** "10.11.19-MariaDB-…" → 101119, MariaDB or not. */
export function parseServerVersion(text: string): { number: number; mariadb: boolean; text: string } {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!m) throw new RestoreError(`Unexpected server version "${text}"`);
  return { number: Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]), mariadb: /mariadb/i.test(text), text };
}

/**
 * Restore database.sql into `database` through the statement filter (mysql-statement-filter):
 * the dump may not run client commands, switch or name another database, or touch the server's
 * files; a refused statement is never sent and the restore fails saying which and why.
 */
export async function mysqlRestore(ctx: RestoreCtx, url: string, database: string, opts: { create: boolean; restricted?: boolean }): Promise<void> {
  const server = await mysqlServerVersion(url);
  if (opts.create) {
    ctx.log.info(`Creating database "${database}"`);
    await mysqlCreateDatabase(url, database);
  }
  const conn = myConn(url, database);
  // The database as the one positional argument, after "--" (so a name can never be an option):
  // --one-database only lets statements through for a database named that way; with
  // --database=NAME it silently skips every statement (MariaDB 10.11 client).
  const args = [...conn.args, ...CLIENT_FLAGS, "--", database];
  ctx.log.info(`$ mariadb ${args.join(" ")} < database.sql (checked statement by statement)`);
  const child = trackedExeca("mariadb", args, {
    // \e and "edit" run $EDITOR even in sandbox mode: make it a no-op whatever the filter misses.
    env: { ...conn.env, EDITOR: "true", VISUAL: "true" },
    cancelSignal: ctx.signal,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    reject: false,
    buffer: { stdout: false, stderr: true },
  });
  child.stdout?.resume();
  const filter = new MysqlStatementFilter({ database, serverVersion: server.number, mariadb: server.mariadb, stripDefiner: opts.restricted });
  if (opts.restricted) ctx.log.info("Restoring with the target's restricted restore login; DEFINER clauses are dropped, so views, triggers and routines belong to it");
  // A refused statement was never written; kill the client before it sees the end of its input
  // (at the end it would send whatever it holds).
  filter.once("error", () => signalChildGroup(child, "SIGKILL"));
  const feeding = pipeEntryTo(ctx.artifact, "database.sql", child.stdin!, { transform: filter, signal: ctx.signal }).catch((e) => e as Error);
  const result = await child;
  const fed = await feeding;
  if (fed instanceof DumpRefusedError) throw fed;
  if (result.failed) {
    const err = String(result.stderr ?? "").trim();
    if (err) ctx.log.output(err, "stderr");
    const known = clientRefusal(err);
    if (known) throw known;
    throw new RestoreError(`mariadb failed (exit code ${result.exitCode ?? "?"}): ${err.split("\n").slice(-2).join(" | ") || result.shortMessage}`);
  }
  if (fed instanceof Error) throw fed;
  ctx.log.info(`${filter.statements} statement(s) checked and run`);
}
