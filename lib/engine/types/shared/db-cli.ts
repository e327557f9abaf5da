import { trackedExeca } from "../../process/process-registry";
import { urlParts } from "./db-url";
import { urlWithoutSecrets } from "../../targets/url-secrets";
import { ValidationError } from "../../../errors";
import { refuseOptionLike } from "./option-safe";

/**
 * Small helpers to ask PostgreSQL / MariaDB things through their own CLIs (psql, mariadb): no
 * driver package, passwords in the environment, never in argv.
 */

/** Database names Lifeboat creates or accepts as an alternate destination. */
export const DB_NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;

export function checkDbName(name: string): string {
  if (!DB_NAME.test(name)) {
    throw new ValidationError("Use a database name of letters, digits and _ (at most 63, not starting with a digit)", {
      database: "Letters, digits and _ only",
    });
  }
  return name;
}

export const quotePg = (id: string) => `"${id.replace(/"/g, '""')}"`;
export const quoteMy = (id: string) => "`" + id.replace(/`/g, "``") + "`";
export const pgLiteral = (s: string) => `'${s.replace(/'/g, "''")}'`;

export interface PgConn {
  /** libpq URI without the password (safe for argv). */
  uri: string;
  env: Record<string, string>;
  database: string;
}

/** A PostgreSQL connection for the CLIs, optionally to another database on the same server. */
export function pgConn(url: string, database?: string): PgConn {
  const password = urlParts(url).password ?? "";
  // The URI goes into argv: without its password or any secret query parameter.
  const u = new URL(urlWithoutSecrets(url));
  if (database) u.pathname = "/" + encodeURIComponent(database);
  u.protocol = "postgresql:";
  const env: Record<string, string> = {};
  if (password) env.PGPASSWORD = password;
  return { uri: u.toString(), env, database: decodeURIComponent(u.pathname.slice(1)) };
}

/** Rows of a query, tab-separated columns (psql -At). */
export async function psql(conn: PgConn, sql: string, signal?: AbortSignal): Promise<string[][]> {
  const r = await trackedExeca("psql", ["-X", "-A", "-t", "-q", "-F", "\t", "-v", "ON_ERROR_STOP=1", `--dbname=${conn.uri}`, "-c", sql], {
    env: conn.env,
    cancelSignal: signal,
    reject: false,
    stdin: "ignore",
  });
  if (r.failed) throw new Error(`psql: ${String(r.stderr || r.shortMessage || "").trim().split("\n").slice(-2).join(" ")}`);
  return r.stdout ? r.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t")) : [];
}

export interface MyConn {
  args: string[];
  env: Record<string, string>;
  database: string;
}

export function myConn(url: string, database?: string): MyConn {
  const p = urlParts(url);
  refuseOptionLike({ host: p.host, "user name": p.user, "database name": database ?? p.database });
  // --name=value: a value can never be read as another option.
  const args: string[] = [];
  if (p.host) args.push(`--host=${p.host}`);
  if (p.port) args.push(`--port=${p.port}`);
  if (p.user) args.push(`--user=${p.user}`);
  const env: Record<string, string> = {};
  // MYSQL_PWD: the documented way to keep the password off the command line.
  if (p.password) env.MYSQL_PWD = p.password;
  return { args, env, database: database ?? p.database ?? "" };
}

export async function mariadb(conn: MyConn, sql: string, opts: { database?: string | null; signal?: AbortSignal } = {}): Promise<string[][]> {
  const db = opts.database === null ? [] : [opts.database ?? conn.database].filter(Boolean).map((d) => `--database=${d}`);
  const r = await trackedExeca("mariadb", [...conn.args, "--batch", "--skip-column-names", "--raw", "-e", sql, ...db], {
    env: conn.env,
    cancelSignal: opts.signal,
    reject: false,
    stdin: "ignore",
  });
  if (r.failed) throw new Error(`mariadb: ${String(r.stderr || r.shortMessage || "").trim().split("\n").slice(-2).join(" ")}`);
  return r.stdout ? r.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t")) : [];
}
