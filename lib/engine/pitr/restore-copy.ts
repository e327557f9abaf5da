import { runTool } from "../process/exec-tool";
import type { RunLog } from "../process/run-log";
import { pgConn, type PgConn } from "../types/shared/db-cli";
import { pgCreateDatabase, pgDropDatabase } from "../types/postgres/restore";

/** The recovered database, out of the private server, into a file on local scratch. */
export async function dumpRecovered(from: PgConn, dumpFile: string, log: RunLog, signal: AbortSignal): Promise<void> {
  // -Z0: the dump lives a minute on local scratch; compressing it would only cost CPU.
  await runTool("pg_dump", ["-Fc", "-Z", "0", "--no-password", `--dbname=${from.uri}`, "-f", dumpFile], { log, signal });
}

/** Into a new database of the target's server, dropped again when the restore fails. */
export async function restoreIntoNew(url: string, dest: string, dumpFile: string, log: RunLog, signal: AbortSignal): Promise<void> {
  await pgCreateDatabase(url, dest, signal);
  const to = pgConn(url, dest);
  try {
    await runTool("pg_restore", ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--no-password", `--dbname=${to.uri}`, dumpFile], { log, signal, env: to.env });
  } catch (e) {
    // The database is ours (created a moment ago): do not leave it half filled.
    await pgDropDatabase(url, dest).catch(() => {});
    throw e;
  }
}

/**
 * Over the original database, as the normal postgres restore does (types/postgres/restore.ts):
 * --clean --if-exists in one transaction, so a failure half way leaves the database as it was.
 */
export async function restoreOverOriginal(url: string, database: string, dumpFile: string, log: RunLog, signal: AbortSignal): Promise<void> {
  const to = pgConn(url, database);
  const args = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--no-password", `--dbname=${to.uri}`, dumpFile];
  await runTool("pg_restore", args, { log, signal, env: to.env });
}
