import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { servers } from "../../db/schema";
import { recordEvent } from "../events";
import { now } from "../clock";
import type { ServerConnectError } from "./errors";

// Contact is written at most this often per server: every remote command succeeding would be a write.
const CONTACT_EVERY_MS = 30_000;
const lastWritten = new Map<number, number>();

/** The server answered: reachable again (the episode ends, so the next outage alerts again). */
export function markReachable(serverId: number, at: Date = now()): void {
  const prev = lastWritten.get(serverId);
  if (prev !== undefined && at.getTime() - prev < CONTACT_EVERY_MS) return;
  lastWritten.set(serverId, at.getTime());
  getDb()
    .update(servers)
    .set({ reachable: true, lastContactAt: at, unreachableSince: null, lastError: null, seenHostKey: null })
    .where(eq(servers.id, serverId))
    .run();
}

/**
 * The server could not be reached: record why and since when, and one alert per episode (the
 * first failure records `server.unreachable`, or `server.host_key_changed` for a different host
 * key; the targets' runs record none). Returns since when it has been unreachable.
 */
export function markUnreachable(serverId: number, err: ServerConnectError, at: Date = now()): Date {
  lastWritten.delete(serverId);
  return getDb().transaction((tx) => {
    const row = tx.select().from(servers).where(eq(servers.id, serverId)).get();
    if (!row) return at;
    if (err.hostKey?.code === "HOST_KEY_UNKNOWN") {
      // Not an outage: nobody confirmed the key yet. Shown on the servers page to confirm, no alert.
      tx.update(servers).set({ reachable: null, lastError: err.message, seenHostKey: err.hostKey.fingerprint, checkedAt: at }).where(eq(servers.id, serverId)).run();
      return row.unreachableSince ?? at;
    }
    const since = row.unreachableSince ?? at;
    const mismatch = err.hostKey?.code === "HOST_KEY_MISMATCH";
    tx.update(servers)
      .set({ reachable: false, unreachableSince: since, lastError: err.message, seenHostKey: err.hostKey?.fingerprint ?? null, checkedAt: at })
      .where(eq(servers.id, serverId))
      .run();
    if (!row.unreachableSince) {
      recordEvent(tx, {
        type: mismatch ? "server.host_key_changed" : "server.unreachable",
        at,
        payload: { server: row.name, serverId: row.id, host: `${row.host}:${row.port}`, error: err.message },
      });
    }
    return since;
  });
}

/** For tests: forget the write throttle. */
export function resetContactThrottle(): void {
  lastWritten.clear();
}
