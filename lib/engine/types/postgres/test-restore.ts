import type { TestRestoreArgs } from "../module";
import { scratchDatabaseCheck, type ScratchDatabaseOps, type Table } from "../shared/scratch-database";
import { pgCreateRefused, scratchDatabaseName } from "../shared/scratch-rights";
import { pgCreateDatabase, pgDropDatabase, pgRestore, pgTableCounts } from "./restore";

const PG_SCRATCH: ScratchDatabaseOps = { create: (u, d) => pgCreateDatabase(u, d), restore: pgRestore, counts: pgTableCounts, drop: pgDropDatabase, createRefused: pgCreateRefused };

/** pg_restore into lifeboat_verify_<id>_<pid> on the same server, compare row counts, drop it. */
export function postgresTestRestore({ ctx, manifest, login, restoreId }: TestRestoreArgs): Promise<string> {
  return scratchDatabaseCheck(ctx, manifest.payload.tables as Table[] | undefined, login.url, scratchDatabaseName(restoreId), PG_SCRATCH, login.restricted);
}
