import fs from "node:fs";
import type { TypeRestore } from "../module";
import { freeSpaceAt } from "../../restore/free-space";
import { describeDatabase, resolveDatabase } from "../shared/database-destination";
import { probeRemotePostgres, restoreRemotePostgres } from "./remote";
import { pgCreateDatabase, pgDataDir, pgDatabaseExists, pgDatabaseSize, pgDropDatabase, pgRestore, pgTableCounts } from "./restore";

export const postgresRestore: TypeRestore = {
  resolve: resolveDatabase,
  describe: describeDatabase,
  async into(ctx, dest, _sourceUrl, undo) {
    if (dest.serverId != null) return restoreRemotePostgres(ctx, dest, undo);
    const url = dest.url!;
    const database = dest.database!;
    // Created here, not in pgRestore: only a database this restore really created is dropped on failure.
    if (!(await pgDatabaseExists(url, database))) {
      ctx.log.info(`Creating database "${database}"`);
      await pgCreateDatabase(url, database, ctx.signal);
      undo.add(`database "${database}"`, () => pgDropDatabase(url, database));
    }
    await pgRestore(ctx, url, database, { create: false, restricted: dest.restricted });
    return `Restored into PostgreSQL database "${database}"`;
  },
  async probe(d) {
    if (d.serverId != null) return probeRemotePostgres(d);
    const url = d.url!;
    const database = d.database!;
    const dataDir = await pgDataDir(url);
    const free = await freeSpaceAt(dataDir && fs.existsSync(dataDir) ? dataDir : null);
    if (!(await pgDatabaseExists(url, database))) return { exists: false, empty: true, sizeBytes: null, free };
    const tables = await pgTableCounts(url, database, false);
    return { exists: true, empty: tables.length === 0, sizeBytes: await pgDatabaseSize(url, database), tables, free };
  },
};
