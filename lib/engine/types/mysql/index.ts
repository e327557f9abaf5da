import type { TargetTypeModule } from "../module";
import { dbFromFields } from "../shared/db-connection";
import { mysqlSource } from "./schema";
import { mysqlFields } from "./fields";
import { mysqlDriver } from "./backup";
import { mysqlRestic } from "./restic";
import { mysqlRestoreOps } from "./destination";
import { mysqlContents } from "./contents";
import { mysqlTestRestore } from "./test-restore";
import { mysqlConnection } from "./connection";
import { onTargetServer } from "../shared/remote-driver";
import { produceRemoteMysql, remoteMysqlConnection } from "./remote";

/** MySQL / MariaDB: mariadb-dump → database.sql; restored through the statement filter (statement-filter.ts). */
export const mysqlType: TargetTypeModule = {
  type: "mysql",
  label: "MySQL / MariaDB",
  fields: mysqlFields,
  runsOnServers: true,
  schema: mysqlSource,
  secretFields: ["url", "restorePassword"],
  fromFields: dbFromFields("mysql"),
  describe: mysqlDriver.describe,
  backup: onTargetServer(mysqlDriver, produceRemoteMysql),
  restic: mysqlRestic,
  payloadNames: ["database.sql"],
  restore: mysqlRestoreOps,
  contents: mysqlContents,
  testRestore: mysqlTestRestore,
  testConnection: mysqlConnection,
  testConnectionOn: remoteMysqlConnection,
};
