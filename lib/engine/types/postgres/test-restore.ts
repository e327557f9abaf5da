import type { TestRestoreArgs } from "../module";
import { scratchDatabaseCheck, type ScratchDatabaseOps, type Table } from "../shared/scratch-database";
import { pgCreateRefused, scratchDatabaseName } from "../shared/scratch-rights";
import { pgCreateDatabase, pgDropDatabase, pgRestore, pgTableCounts } from "./restore";
import { remotePostgresScratchOps } from "./remote";

const PG_SCRATCH: ScratchDatabaseOps = { create: (u, d) => pgCreateDatabase(u, d), restore: pgRestore, counts: pgTableCounts, drop: pgDropDatabase, createRefused: pgCreateRefused };

/** pg_restore into lifeboat_verify_<id>_<pid> on the same server, compare row counts, drop it. */
export function postgresTestRestore({ ctx, manifest, login, restoreId, serverId }: TestRestoreArgs): Promise<string> {
  // A target on another server: its psql and pg_restore make the scratch copy there.
  const ops = serverId != null ? remotePostgresScratchOps(serverId, ctx) : PG_SCRATCH;
  return scratchDatabaseCheck(ctx, manifest.payload.tables as Table[] | undefined, login.url, scratchDatabaseName(restoreId), ops, login.restricted);
}
