import type { ConnectionCheck } from "../restore-shapes";
import { mysqlServerVersion } from "./restore";

/** Connect to the target's server and ask its version. */
export async function mysqlConnection(source: Record<string, unknown>): Promise<ConnectionCheck> {
  const v = await mysqlServerVersion(String(source.url));
  return { ok: true, message: `Connected: ${v.mariadb ? "MariaDB" : "MySQL"} ${v.text}` };
}
