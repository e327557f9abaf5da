import path from "node:path";
import { extractEntryToFile } from "../../archive/read";
import { RestoreError } from "../../restore/context";
import type { TestRestoreArgs } from "../module";
import { compareTables, type Table } from "../shared/scratch-database";
import { sqliteIntegrity, sqliteTableCounts } from "./restore";

/** Extract the copy, run PRAGMA integrity_check, compare row counts with the manifest. */
export async function sqliteTestRestore({ ctx, manifest }: TestRestoreArgs): Promise<string> {
  const file = path.join(ctx.workDir, "scratch.sqlite");
  await extractEntryToFile(ctx.artifact, "database.sqlite", file, ctx.signal);
  const check = sqliteIntegrity(file);
  if (check !== "ok") throw new RestoreError(`The SQLite copy fails its integrity check: ${check}`);
  const got = sqliteTableCounts(file);
  const diffs = compareTables(manifest.payload.tables as Table[] | undefined, got);
  if (diffs.length) throw new RestoreError(`The restored copy differs from the backup: ${diffs.slice(0, 5).join("; ")}`);
  return `integrity ok; ${got.length} table(s), ${got.reduce((a, t) => a + t.rows, 0)} rows match the manifest`;
}
