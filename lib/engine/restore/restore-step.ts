import type { RestoreCtx } from "./context";
import type { Resolved } from "./destination";
import { pgCreateDatabase, pgDatabaseExists, pgDropDatabase, pgRestore } from "./postgres";
import { mysqlCreateDatabase, mysqlDatabaseExists, mysqlDropDatabase, mysqlRestore } from "./mysql";
import { sqliteRestore } from "./sqlite";
import { folderRestore } from "./folder";
import { redisRestoreLive, redisRestoreRdbFile } from "./redis";
import { planUndo, type Undo } from "./undo-alternate";

/**
 * Run the type's restore into a resolved destination. `sourceUrl` names the Redis db backed up.
 * On failure, what the restore created (an alternate folder or file, a database) is removed again.
 */
export async function restoreInto(ctx: RestoreCtx, dest: Resolved, sourceUrl: string | null): Promise<string> {
  const undo = await planUndo(dest);
  try {
    return await restoreKind(ctx, dest, sourceUrl, undo);
  } catch (e) {
    await undo.run(ctx.log);
    throw e;
  }
}

async function restoreKind(ctx: RestoreCtx, dest: Resolved, sourceUrl: string | null, undo: Undo): Promise<string> {
  switch (dest.kind) {
    case "postgres": {
      // Created here, not in pgRestore: only a database this restore really created is dropped on failure.
      if (!(await pgDatabaseExists(dest.url, dest.database))) {
        ctx.log.info(`Creating database "${dest.database}"`);
        await pgCreateDatabase(dest.url, dest.database, ctx.signal);
        undo.add(`database "${dest.database}"`, () => pgDropDatabase(dest.url, dest.database));
      }
      await pgRestore(ctx, dest.url, dest.database, { create: false, restricted: dest.restricted });
      return `Restored into PostgreSQL database "${dest.database}"`;
    }
    case "mysql": {
      if (!(await mysqlDatabaseExists(dest.url, dest.database))) {
        ctx.log.info(`Creating database "${dest.database}"`);
        await mysqlCreateDatabase(dest.url, dest.database);
        undo.add(`database "${dest.database}"`, () => mysqlDropDatabase(dest.url, dest.database));
      }
      await mysqlRestore(ctx, dest.url, dest.database, { create: false, restricted: dest.restricted });
      return `Restored into MariaDB database "${dest.database}"`;
    }
    case "sqlite":
      await sqliteRestore(ctx, dest.path);
      return `Replaced ${dest.path}`;
    case "folder": {
      const r = await folderRestore(ctx, dest.path, { deleteExtra: dest.deleteExtra, exclude: dest.exclude });
      return `Restored ${r.files} file(s), ${r.bytes} bytes into ${dest.path}${r.removed ? `; removed ${r.removed} path(s) not in the backup` : ""}`;
    }
    case "redis": {
      const n = await redisRestoreLive(ctx, sourceUrl ?? dest.url, dest.url);
      return `Restored ${n} key(s) into Redis`;
    }
    case "rdb_file":
      await redisRestoreRdbFile(ctx, dest.path);
      return `Wrote ${dest.path}; start Redis to load it`;
  }
}
