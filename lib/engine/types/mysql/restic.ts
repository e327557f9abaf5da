import type { ResticSourceOf } from "../../restic/source-spec";
import { findTool } from "../shared/tools";
import { mysqlConn, mysqlDumpArgs } from "./backup";

/**
 * mariadb-dump of the one database to stdout (the archive engine's options, without
 * --result-file). On another server it is that server's `mariadb-dump` on its PATH, not the
 * path this machine has.
 */
export const mysqlRestic: ResticSourceOf = (s, target) => {
  const c = mysqlConn(String(s.url));
  const cmd = target.serverId != null ? "mariadb-dump" : findTool(["mariadb-dump", "mysqldump"]);
  return { kind: "dump", command: { cmd, args: mysqlDumpArgs(c.args, null, c.database), env: c.env, filename: "database.sql" } };
};
