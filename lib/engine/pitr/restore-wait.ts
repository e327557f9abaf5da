import fs from "node:fs";
import type { PgConn } from "../types/shared/db-cli";
import { psql } from "./conn";
import { serverLogTail, type ScratchServer } from "./scratch-cluster";

/** PostgreSQL 14+ ends recovery with FATAL when the WAL ran out before a commit past the target. */
const TARGET_NOT_REACHED = /recovery ended before configured recovery target was reached/;

export type RecoveryOutcome = { kind: "promoted"; stopLine: string | null; lastCommit: string | null } | { kind: "target-not-reached" };

/**
 * Wait until the private server has replayed to its target and promoted (with hot_standby off it
 * accepts connections only then), or has stopped. The log says where replay stopped.
 */
export async function waitForRecovery(server: ScratchServer, conn: PgConn, signal: AbortSignal): Promise<RecoveryOutcome> {
  for (;;) {
    signal.throwIfAborted();
    if (!server.alive()) {
      const tail = serverLogTail(server, 30);
      if (tail.some((l) => TARGET_NOT_REACHED.test(l))) return { kind: "target-not-reached" };
      throw new Error(`The private PostgreSQL stopped during recovery: ${tail.filter((l) => /FATAL|PANIC|ERROR/.test(l)).slice(-3).join(" | ") || tail.slice(-3).join(" | ")}`);
    }
    const rows = await psql(conn, "SELECT pg_is_in_recovery()", signal).catch(() => null);
    if (rows?.[0]?.[0] === "f") {
      const log = fs.readFileSync(server.logFile, "utf8");
      const stop = /recovery stopping (before|after) [^\n]*/.exec(log);
      const last = /last completed transaction was at log time ([^\n]*)/.exec(log);
      return { kind: "promoted", stopLine: stop ? stop[0] : null, lastCommit: last ? last[1].trim() : null };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
