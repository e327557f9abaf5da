import { mariadb, myConn, pgConn, psql } from "./db-cli";

/**
 * What the login a restore uses may do on the database server beyond its databases: a dump runs
 * with those rights, so a crafted one (an upload) can use them. Said plainly in the preview.
 * An empty list when nothing stands out or the server cannot be asked (the probe says why).
 */
export async function loginRightsWarnings(kind: "postgres" | "mysql", url: string): Promise<string[]> {
  try {
    return kind === "postgres" ? await pgWarnings(url) : await mysqlWarnings(url);
  } catch {
    return [];
  }
}

async function pgWarnings(url: string): Promise<string[]> {
  const [row] = await psql(
    pgConn(url, "postgres"),
    "SELECT current_user, rolsuper, pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER'), " +
      "pg_has_role(current_user, 'pg_read_server_files', 'MEMBER') OR pg_has_role(current_user, 'pg_write_server_files', 'MEMBER') " +
      "FROM pg_roles WHERE rolname = current_user",
  );
  if (!row) return [];
  const [role, superuser, program, files] = row;
  if (superuser === "t") {
    return [
      `The PostgreSQL role "${role}" this restore logs in as is a superuser: a restored dump can run commands on the database server (COPY … TO PROGRAM, as the operating-system user running PostgreSQL) and change every database there.`,
    ];
  }
  const out: string[] = [];
  if (program === "t") out.push(`The PostgreSQL role "${role}" is a member of pg_execute_server_program: a restored dump can run commands on the database server.`);
  if (files === "t") out.push(`The PostgreSQL role "${role}" may read or write the server's files (pg_read/write_server_files): a restored dump can too.`);
  return out;
}

async function mysqlWarnings(url: string): Promise<string[]> {
  const rows = await mariadb(
    myConn(url),
    "SELECT CURRENT_USER(), privilege_type FROM information_schema.user_privileges " +
      "WHERE grantee = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''') " +
      "AND privilege_type IN ('SUPER', 'FILE')",
    { database: null },
  );
  const user = rows[0]?.[0];
  const rights = new Set(rows.map((r) => r[1]));
  const out: string[] = [];
  if (rights.has("FILE")) out.push(`The MariaDB user ${user} has the FILE privilege: a restored dump can read and write files on the database server.`);
  if (rights.has("SUPER")) out.push(`The MariaDB user ${user} has the SUPER privilege: a restored dump can change the server's settings and act for other accounts.`);
  return out;
}
