import fs from "node:fs";
import type { TypeRestore } from "../module";
import { freeSpaceAt } from "../../restore/free-space";
import { describeDatabase, resolveDatabase } from "../shared/database-destination";
import { probeRemoteMysql, restoreRemoteMysql } from "./remote";
import { mysqlCreateDatabase, mysqlDataDir, mysqlDatabaseExists, mysqlDropDatabase, mysqlRestore, mysqlTableCounts } from "./restore";

export const mysqlRestoreOps: TypeRestore = {
  resolve: resolveDatabase,
  describe: describeDatabase,
  async into(ctx, dest, _sourceUrl, undo) {
    if (dest.serverId != null) return restoreRemoteMysql(ctx, dest, undo);
    const url = dest.url!;
    const database = dest.database!;
    if (!(await mysqlDatabaseExists(url, database))) {
      ctx.log.info(`Creating database "${database}"`);
      await mysqlCreateDatabase(url, database);
      undo.add(`database "${database}"`, () => mysqlDropDatabase(url, database));
    }
    await mysqlRestore(ctx, url, database, { create: false, restricted: dest.restricted });
    return `Restored into MariaDB database "${database}"`;
  },
  async probe(d) {
    if (d.serverId != null) return probeRemoteMysql(d);
    const url = d.url!;
    const database = d.database!;
    const dataDir = await mysqlDataDir(url);
    const free = await freeSpaceAt(dataDir && fs.existsSync(dataDir) ? dataDir : null);
    if (!(await mysqlDatabaseExists(url, database))) return { exists: false, empty: true, sizeBytes: null, free };
    const t = await mysqlTableCounts(url, database, false);
    return {
      exists: true,
      empty: t.length === 0,
      sizeBytes: t.reduce((a, x) => a + x.bytes, 0),
      tables: t.map(({ name, rows }) => ({ name, rows })),
      free,
    };
  },
};
