import { pgLiteral } from "../types/shared/db-cli";
import { psql, sqlConn } from "./conn";

/**
 * The physical replication slot that makes the server keep WAL until Lifeboat has it, even while
 * the console is down. One per target, named for it. An abandoned slot keeps WAL forever and can
 * fill the server's disk: turning PITR off drops it, and `slot_bloat` watches its retained bytes.
 */

export const slotName = (targetId: number) => `lifeboat_${targetId}`;

/** Create the slot (reserving WAL from now) unless it exists; true when it was created. */
export async function ensureSlot(url: string, name: string, signal?: AbortSignal): Promise<boolean> {
  const rows = await psql(
    sqlConn(url),
    `SELECT pg_create_physical_replication_slot(${pgLiteral(name)}, true) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ${pgLiteral(name)})`,
    signal,
  );
  return rows.length > 0;
}

/** Drop the slot if it exists (PITR turned off, target deleted). An active slot is first released. */
export async function dropSlot(url: string, name: string): Promise<boolean> {
  const conn = sqlConn(url);
  const lit = pgLiteral(name);
  const rows = await psql(conn, `SELECT slot_name, pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ${lit} AND NOT active`);
  if (rows.length > 0) return true;
  const exists = await psql(conn, `SELECT 1 FROM pg_replication_slots WHERE slot_name = ${lit}`);
  if (exists.length === 0) return false;
  throw new Error(`Replication slot ${name} is in use by a running pg_receivewal: stop the stream first`);
}
