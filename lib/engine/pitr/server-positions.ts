import { pgLiteral } from "../types/shared/db-cli";
import { psql, sqlConn } from "./conn";

export interface ServerPositions {
  /** Where the server has written to (pg_current_wal_lsn). */
  serverLsn: string | null;
  /** What our pg_receivewal has written so far (pg_stat_replication.write_lsn of the slot's sender). */
  receivedLsn: string | null;
  /** WAL the slot keeps on the server's disk. */
  retainedBytes: number | null;
}

/** One query for lag and slot size; null when the slot does not exist. */
export async function serverPositions(url: string, slot: string, signal?: AbortSignal): Promise<ServerPositions | null> {
  const [row] = await psql(
    sqlConn(url),
    "SELECT pg_current_wal_lsn()::text, coalesce((SELECT r.write_lsn::text FROM pg_stat_replication r WHERE r.pid = s.active_pid), ''), " +
      "coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::bigint::text, '') " +
      `FROM pg_replication_slots s WHERE s.slot_name = ${pgLiteral(slot)}`,
    signal,
  );
  if (!row) return null;
  return { serverLsn: row[0] || null, receivedLsn: row[1] || null, retainedBytes: row[2] ? Number(row[2]) : null };
}
