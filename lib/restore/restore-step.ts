import type { RestoreCtx } from "./context";
import type { Resolved } from "./destination";
import { pgDatabaseExists, pgRestore } from "./postgres";
import { mysqlDatabaseExists, mysqlRestore } from "./mysql";
import { sqliteRestore } from "./sqlite";
import { folderRestore } from "./folder";
import { redisRestoreLive, redisRestoreRdbFile } from "./redis";

/** Run the type's restore into a resolved destination. `sourceUrl` names the Redis db backed up. */
export async function restoreInto(ctx: RestoreCtx, dest: Resolved, sourceUrl: string | null): Promise<string> {
  switch (dest.kind) {
    case "postgres": {
      const create = !(await pgDatabaseExists(dest.url, dest.database));
      await pgRestore(ctx, dest.url, dest.database, { create });
      return `Restored into PostgreSQL database "${dest.database}"`;
    }
    case "mysql": {
      const create = !(await mysqlDatabaseExists(dest.url, dest.database));
      await mysqlRestore(ctx, dest.url, dest.database, { create });
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
