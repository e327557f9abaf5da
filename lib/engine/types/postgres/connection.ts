import type { ConnectionCheck } from "../restore-shapes";
import { pgConn, psql } from "../shared/db-cli";

/** Connect to the target's database and ask the server's version. */
export async function postgresConnection(source: Record<string, unknown>, signal?: AbortSignal): Promise<ConnectionCheck> {
  const [row] = await psql(pgConn(String(source.url)), "SHOW server_version", signal);
  return { ok: true, message: `Connected: PostgreSQL ${row?.[0] ?? "(version unknown)"}` };
}
