import fs from "node:fs";
import path from "node:path";
import type { Resolved } from "./destination";
import { freeSpaceAt, type FreeSpace } from "./free-space";
import { pgDataDir, pgDatabaseExists, pgDatabaseSize, pgTableCounts } from "./postgres";
import { mysqlDataDir, mysqlDatabaseExists, mysqlTableCounts } from "./mysql";
import { sqliteTableCounts } from "./sqlite";
import { folderStats } from "./folder";
import { redisInfo } from "./redis";

/** What is at the destination now (what a restore would overwrite). */
export interface DestinationState {
  exists: boolean;
  /** Nothing would be lost: absent, or present but empty. */
  empty: boolean;
  sizeBytes: number | null;
  tables?: { schema?: string; name: string; rows: number }[];
  fileCount?: number;
  /** The file count stopped at the walk limit: "at least". */
  countTruncated?: boolean;
  keys?: number;
  /** Where free space was measured, when Lifeboat can see it. */
  free: FreeSpace | null;
  /** Set when the destination could not be inspected (server down, no permission). */
  error?: string;
}

const FOLDER_WALK_LIMIT = 200_000;

export async function probeDestination(d: Resolved): Promise<DestinationState> {
  try {
    switch (d.kind) {
      case "postgres": {
        const dataDir = await pgDataDir(d.url);
        const free = await freeSpaceAt(dataDir && fs.existsSync(dataDir) ? dataDir : null);
        if (!(await pgDatabaseExists(d.url, d.database))) return { exists: false, empty: true, sizeBytes: null, free };
        const tables = await pgTableCounts(d.url, d.database, false);
        return { exists: true, empty: tables.length === 0, sizeBytes: await pgDatabaseSize(d.url, d.database), tables, free };
      }
      case "mysql": {
        const dataDir = await mysqlDataDir(d.url);
        const free = await freeSpaceAt(dataDir && fs.existsSync(dataDir) ? dataDir : null);
        if (!(await mysqlDatabaseExists(d.url, d.database))) return { exists: false, empty: true, sizeBytes: null, free };
        const t = await mysqlTableCounts(d.url, d.database, false);
        return {
          exists: true,
          empty: t.length === 0,
          sizeBytes: t.reduce((a, x) => a + x.bytes, 0),
          tables: t.map(({ name, rows }) => ({ name, rows })),
          free,
        };
      }
      case "sqlite": {
        const free = await freeSpaceAt(path.dirname(d.path));
        if (!fs.existsSync(d.path)) return { exists: false, empty: true, sizeBytes: null, free };
        const size = fs.statSync(d.path).size;
        return { exists: true, empty: size === 0, sizeBytes: size, tables: size ? sqliteTableCounts(d.path) : [], free };
      }
      case "folder": {
        const free = await freeSpaceAt(d.path);
        if (!fs.existsSync(d.path)) return { exists: false, empty: true, sizeBytes: null, free };
        const s = await folderStats(d.path, [], FOLDER_WALK_LIMIT);
        const entries = fs.readdirSync(d.path).length;
        return { exists: true, empty: entries === 0, sizeBytes: s.bytes, fileCount: s.files, countTruncated: s.truncated, free };
      }
      case "redis": {
        const info = await redisInfo(d.url);
        const free = await freeSpaceAt(info.dir && fs.existsSync(info.dir) ? info.dir : null);
        return { exists: true, empty: info.keys === 0, sizeBytes: info.usedMemory, keys: info.keys, free };
      }
      case "rdb_file": {
        const free = await freeSpaceAt(path.dirname(d.path));
        if (!fs.existsSync(d.path)) return { exists: false, empty: true, sizeBytes: null, free };
        return { exists: true, empty: false, sizeBytes: fs.statSync(d.path).size, free };
      }
    }
  } catch (e) {
    return { exists: true, empty: false, sizeBytes: null, free: null, error: (e as Error).message };
  }
}
