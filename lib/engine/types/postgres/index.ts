import type { TargetTypeModule } from "../module";
import { dbFromFields } from "../shared/db-connection";
import { postgresSource } from "./schema";
import { postgresFields } from "./fields";
import { postgresDriver } from "./backup";
import { postgresRestic } from "./restic";
import { postgresRestore } from "./destination";
import { postgresContents } from "./contents";
import { postgresTestRestore } from "./test-restore";
import { postgresConnection } from "./connection";
import { onTargetServer } from "../shared/remote-driver";
import { produceRemotePostgres, remotePostgresConnection } from "./remote";

/** PostgreSQL: pg_dump -Fc → database.dump; restored with pg_restore in one transaction. */
export const postgresType: TargetTypeModule = {
  type: "postgres",
  label: "PostgreSQL",
  fields: postgresFields,
  runsOnServers: true,
  schema: postgresSource,
  secretFields: ["url", "restorePassword"],
  fromFields: dbFromFields("postgres"),
  describe: postgresDriver.describe,
  backup: onTargetServer(postgresDriver, produceRemotePostgres),
  restic: postgresRestic,
  payloadNames: ["database.dump"],
  restore: postgresRestore,
  contents: postgresContents,
  testRestore: postgresTestRestore,
  testConnection: postgresConnection,
  testConnectionOn: remotePostgresConnection,
};
