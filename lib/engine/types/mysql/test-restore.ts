import type { TestRestoreArgs } from "../module";
import { scratchDatabaseCheck, type ScratchDatabaseOps, type Table } from "../shared/scratch-database";
import { mysqlCreateRefused, scratchDatabaseName } from "../shared/scratch-rights";
import { mysqlCreateDatabase, mysqlDropDatabase, mysqlRestore, mysqlTableCounts } from "./restore";
import { remoteMysqlScratchOps } from "./remote";

const MYSQL_SCRATCH: ScratchDatabaseOps = { create: mysqlCreateDatabase, restore: mysqlRestore, counts: mysqlTableCounts, drop: mysqlDropDatabase, createRefused: mysqlCreateRefused };

/**
 * Restore (through the statement filter) into lifeboat_verify_<id>_<pid> on the same database
 * server, compare row counts, drop it. A target on another server does it with that server's client.
 */
export function mysqlTestRestore({ ctx, manifest, login, restoreId, serverId }: TestRestoreArgs): Promise<string> {
  const ops = serverId != null ? remoteMysqlScratchOps(serverId, ctx) : MYSQL_SCRATCH;
  return scratchDatabaseCheck(ctx, manifest.payload.tables as Table[] | undefined, login.url, scratchDatabaseName(restoreId), ops, login.restricted);
}
