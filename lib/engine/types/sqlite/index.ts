import type { TargetTypeModule } from "../module";
import { fieldError } from "../form-fields";
import { dataDirError } from "../../../data-dir";
import { sqliteFileError } from "../shared/path-checks";
import { sqliteSource } from "./schema";
import { sqliteFields } from "./fields";
import { sqliteDriver } from "./backup";
import { sqliteRestoreOps } from "./destination";
import { sqliteContents } from "./contents";
import { sqliteTestRestore } from "./test-restore";
import { sqliteConnection } from "./connection";

/** SQLite: the online backup API → database.sqlite; restored by an atomic rename. */
export const sqliteType: TargetTypeModule = {
  type: "sqlite",
  label: "SQLite",
  fields: sqliteFields,
  schema: sqliteSource,
  secretFields: [],
  localPaths: (s) => [{ path: String(s.path), what: "database file" }],
  checkPlaces(s) {
    const p = String(s.path);
    const msg = sqliteFileError(p) ?? dataDirError(p, "database file");
    return fieldError("source.path", msg);
  },
  describe: sqliteDriver.describe,
  backup: sqliteDriver,
  payloadNames: ["database.sqlite"],
  restore: sqliteRestoreOps,
  contents: sqliteContents,
  testRestore: sqliteTestRestore,
  testConnection: sqliteConnection,
};
