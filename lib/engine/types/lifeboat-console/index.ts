import { z } from "zod";
import { dbFile } from "../../../db/client";
import type { Driver } from "../backup-types";
import type { TargetTypeModule } from "../module";
import { sqliteDriver } from "../sqlite/backup";
import { sqliteContents } from "../sqlite/contents";
import { sqliteTestRestore } from "../sqlite/test-restore";

export const LIFEBOAT_CONSOLE_TYPE = "lifeboat_console";

/**
 * The console's own database (targets, schedules, run history, settings, sealed credentials),
 * copied with SQLite's online backup API — never the live file, whose -wal holds what is not yet
 * checkpointed. Its sealed columns open with the console's secret.key, which the recovery kit
 * carries; the restore is by hand on a stopped console (README, "When the server is gone").
 */
const driver: Driver = {
  type: LIFEBOAT_CONSOLE_TYPE,
  describe: () => ({ database: "lifeboat.db (online backup)" }),
  produce: (ctx) => sqliteDriver.produce({ ...ctx, source: { path: dbFile() } }),
};

export const lifeboatConsoleType: TargetTypeModule = {
  type: LIFEBOAT_CONSOLE_TYPE,
  label: "Lifeboat console (this console's own database)",
  fields: [],
  schema: z.object({}),
  secretFields: [],
  describe: driver.describe,
  backup: driver,
  payloadNames: ["database.sqlite"],
  noRestoreReason:
    "A running console is never restored over itself: stop Lifeboat, put database.sqlite in place as lifeboat.db and start it with the secret.key from the recovery kit (README, “When the server is gone”)",
  contents: sqliteContents,
  testRestore: sqliteTestRestore,
};
