import { quoteMy, quotePg } from "./db-cli";

/**
 * The scratch database of a test restore: lifeboat_verify_<restore id>_<process id>. The process id
 * keeps two consoles (or two test files, each with its own SQLite file and so the same restore
 * ids) that verify on one database server from taking the same name.
 */
export function scratchDatabaseName(restoreId: number): string {
  return `lifeboat_verify_${restoreId}_${process.pid}`;
}

/**
 * A test restore makes a scratch database on the target's server. When the login may not, say
 * which right is missing and how to grant it, instead of the server's raw error.
 */

export function pgCreateRefused(e: Error, url: string, database: string): string | null {
  if (!/permission denied to create database/i.test(e.message)) return null;
  const role = decodeURIComponent(new URL(url).username) || "postgres";
  return (
    `The PostgreSQL role "${role}" may not create databases, and a test restore needs a scratch database (${database}) to restore into. ` +
    `Grant it as a superuser with: ALTER ROLE ${quotePg(role)} CREATEDB;`
  );
}

export function mysqlCreateRefused(e: Error, _url: string, database: string): string | null {
  const m = /Access denied for user '([^']*)'@'([^']*)'/i.exec(e.message);
  if (!m) return null;
  // Every scratch database is lifeboat_verify_<n>: one grant on the pattern covers them all.
  const pattern = quoteMy("lifeboat\\_verify\\_%");
  return (
    `The MariaDB user '${m[1]}'@'${m[2]}' may not create the scratch database ${database} a test restore restores into. ` +
    `Grant it with: GRANT CREATE, DROP, ALTER, INDEX, INSERT, SELECT, UPDATE, DELETE, CREATE VIEW, SHOW VIEW, TRIGGER, CREATE ROUTINE, ALTER ROUTINE, LOCK TABLES ON ${pattern}.* TO '${m[1]}'@'${m[2]}';`
  );
}
