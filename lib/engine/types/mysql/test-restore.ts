import type { TestRestoreArgs } from "../module";
import { scratchDatabaseCheck, type ScratchDatabaseOps, type Table } from "../shared/scratch-database";
import { mysqlCreateRefused, scratchDatabaseName } from "../shared/scratch-rights";
import { mysqlCreateDatabase, mysqlDropDatabase, mysqlRestore, mysqlTableCounts } from "./restore";

const MYSQL_SCRATCH: ScratchDatabaseOps = { create: mysqlCreateDatabase, restore: mysqlRestore, counts: mysqlTableCounts, drop: mysqlDropDatabase, createRefused: mysqlCreateRefused };

/** Restore (through the statement filter) into lifeboat_verify_<id>_<pid> on the same server, compare row counts, drop it. */
export function mysqlTestRestore({ ctx, manifest, login, restoreId }: TestRestoreArgs): Promise<string> {
  return scratchDatabaseCheck(ctx, manifest.payload.tables as Table[] | undefined, login.url, scratchDatabaseName(restoreId), MYSQL_SCRATCH, login.restricted);
}
