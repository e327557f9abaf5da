import type { ResticSourceOf } from "../../restic/source-spec";
import { findTool } from "../shared/tools";
import { mysqlConn } from "./backup";

/** mariadb-dump of the one database to stdout (the archive engine's options, without --result-file). */
export const mysqlRestic: ResticSourceOf = (s) => {
  const c = mysqlConn(String(s.url));
  const args = [...c.args, "--single-transaction", "--routines", "--triggers", "--hex-blob", "--no-tablespaces", "--default-character-set=utf8mb4", "--", c.database];
  return { kind: "dump", command: { cmd: findTool(["mariadb-dump", "mysqldump"]), args, env: c.env, filename: "database.sql" } };
};
