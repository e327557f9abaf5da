import { setMaxListeners } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { ConflictError } from "../../errors";
import { now } from "../clock";
import type { RunLog } from "../process/run-log";
import { checkDbName, type PgConn } from "../types/shared/db-cli";
import { pgDatabaseExists } from "../types/postgres/restore";
import type { StorageBackend } from "../storage/backend";
import { databaseOf, roleOf } from "./conn";
import { freeLoopbackPort } from "../../net/free-port";
import { makeServerDir } from "./os-user";
import { planPitrRestore } from "./restore-plan";
import { waitForRecovery } from "./restore-wait";
import { configureRecovery, startScratchServer, type ScratchServer } from "./scratch-cluster";
import { unpackBase, fetchPlannedWal } from "./restore-fetch";
import { primarySource, type PitrSource } from "./restore-source";
import { dumpRecovered, restoreIntoNew, restoreOverOriginal } from "./restore-copy";

export interface PitrRestoreOptions {
  targetId: number;
  /** The target's URL, password included. */
  url: string;
  /** The PITR location (tests and callers that read the primary); or `source`. */
  backend?: StorageBackend;
  /** Where to read base backup and WAL from (restore-source.ts: the PITR location or a copy location). */
  source?: PitrSource;
  targetTime: Date;
  /**
   * A new database of this name on the target's server, or "original": the target's own database
   * is replaced (after `beforeReplace`, the safety backup) in one transaction.
   */
  destination: { database: string } | "original";
  /** Called once the recovered state is dumped, before the original is touched; a throw stops the restore. */
  beforeReplace?: () => Promise<void>;
  /** The restore's task id (for the log). */
  taskId?: number;
  /** A folder the scratch folder is made in (the server's OS user must be able to reach it). */
  scratchRoot: string;
  /** Keep the private server running this long for inspection (0: remove it at once). */
  keepServerMinutes?: number;
  log: RunLog;
  signal: AbortSignal;
}

export interface PitrRestoreResult {
  baseBackupId: number;
  segments: number;
  database: string;
  /** Where replay stopped, in PostgreSQL's words, or that the stored WAL had no later commit. */
  reached: string;
  /** The private server kept for inspection: where it listens, and what any console needs to stop it (kept-servers.ts). */
  kept: { host: string; port: number; user: string; database: string; until: Date; dataDir: string; scratchDir: string; major: number; pid: number | null } | null;
}

/** PostgreSQL of the base backups this console can start and dump (pg_dump 15 refuses newer). */
const MAJOR = 15;

/**
 * Restore the target's database as it was at `targetTime` into a new database on its server:
 * plan and check everything first (base backup, every WAL segment, the destination name), then
 * unpack, replay in a private server, pg_dump → pg_restore, and remove the private server.
 */
export async function restoreToPointInTime(o: PitrRestoreOptions): Promise<PitrRestoreResult> {
  const { log, signal } = o;
  // Every WAL fetch (four at a time) and tool listens on the one restore signal.
  setMaxListeners(64, signal);
  const original = o.destination === "original";
  const dest = original ? databaseOf(o.url) : checkDbName((o.destination as { database: string }).database);
  log.info(`Phase 1/6 — plan: restore to ${o.targetTime.toISOString()} ${original ? `over the original database "${dest}" (after a safety backup)` : `into the new database "${dest}"`}`);
  if (!o.source && !o.backend) throw new Error("restoreToPointInTime needs a backend or a source");
  const source = o.source ?? primarySource(o.targetId, o.backend!);
  const plan = planPitrRestore(o.targetTime, source.backups, source.wal);
  const exists = await pgDatabaseExists(o.url, dest);
  if (!original && exists) throw new ConflictError(`A database named "${dest}" already exists on the target's server: choose a new name`);
  if (original && !exists) throw new ConflictError(`The original database "${dest}" is not on the target's server: restore into a new database instead`);
  log.info(`Base backup ${plan.backup.id} (consistent from ${plan.backup.finishedAt!.toISOString()}), WAL ${plan.segments[0].name} … ${plan.segments.at(-1)!.name} (${plan.segments.length} segments), read from ${source.label}`);

  const base = makeServerDir(await fsp.mkdtemp(path.join(makeServerDir(o.scratchRoot), "pitr-restore-")));
  let server: ScratchServer | null = null;
  let kept: PitrRestoreResult["kept"] = null;
  try {
    const dataDir = makeServerDir(path.join(base, "data"));
    const walDir = makeServerDir(path.join(base, "wal"));
    log.info(`Phase 2/6 — unpack base backup ${plan.backup.id} into ${dataDir}`);
    await unpackBase(source.reader, plan.backup, dataDir, signal);
    log.info(`Phase 3/6 — fetch ${plan.segments.length + plan.history.length} WAL files (checked against their sha256)`);
    await fetchPlannedWal(source.reader, [...plan.history, ...plan.segments], walDir, signal);

    log.info("Phase 4/6 — replay WAL in a private PostgreSQL");
    const port = await freeLoopbackPort();
    const scratchConn = socketConn(base, port, roleOf(o.url), databaseOf(o.url));
    await configureRecovery(dataDir, { port, socketDir: base, walDir, targetTime: o.targetTime });
    server = startScratchServer(dataDir, base, port, MAJOR);
    let outcome = await waitForRecovery(server, scratchConn, signal);
    if (outcome.kind === "target-not-reached") {
      // The stored WAL covers the target time but holds no commit after it: everything in it is
      // before the target, so replaying all of it is the state at the target time.
      log.info("No transaction after the target time is in the stored WAL: replaying all of it");
      await configureRecovery(dataDir, { port, socketDir: base, walDir, targetTime: null });
      server = startScratchServer(dataDir, base, port, MAJOR);
      outcome = await waitForRecovery(server, scratchConn, signal);
    }
    if (outcome.kind !== "promoted") throw new Error("The private PostgreSQL did not finish recovery");
    const reached = outcome.stopLine ?? `end of the stored WAL${outcome.lastCommit ? ` (last transaction at ${outcome.lastCommit})` : ""}`;
    log.info(`Recovery reached its target: ${reached}`);

    const dumpFile = path.join(base, "pitr.dump");
    if (original) {
      log.info(`Phase 5/6 — dump database "${scratchConn.database}" of the private server, take a safety backup, then replace the original "${dest}" in one transaction`);
      await dumpRecovered(scratchConn, dumpFile, log, signal);
      await o.beforeReplace?.();
      signal.throwIfAborted();
      await restoreOverOriginal(o.url, dest, dumpFile, log, signal).catch((e: Error) => {
        throw new Error(`${e.message} — pg_restore ran in one transaction: it was rolled back and the original database is as it was`);
      });
    } else {
      log.info(`Phase 5/6 — copy database "${scratchConn.database}" into the new database "${dest}"`);
      await dumpRecovered(scratchConn, dumpFile, log, signal);
      await restoreIntoNew(o.url, dest, dumpFile, log, signal);
    }

    const keep = o.keepServerMinutes ?? 0;
    if (keep > 0) {
      const until = new Date(now().getTime() + keep * 60_000);
      // It outlives this console from here on: its record (written by the task) is how any console stops it.
      server.release();
      kept = { host: "127.0.0.1", port, user: roleOf(o.url), database: scratchConn.database, until, dataDir, scratchDir: base, major: MAJOR, pid: postmasterPid(dataDir) };
      log.info(`Phase 6/6 — the private server stays up until ${until.toISOString()}: psql "host=127.0.0.1 port=${port} user=${kept.user} dbname=${kept.database}" (the source's passwords)`);
      await fsp.rm(dumpFile, { force: true });
    }
    return { baseBackupId: plan.backup.id, segments: plan.segments.length, database: dest, reached, kept };
  } finally {
    if (!kept) {
      if (server) log.info("Phase 6/6 — stop and remove the private server");
      await server?.stop();
      await fsp.rm(base, { recursive: true, force: true });
    }
  }
}

/** The postmaster's pid (first line of postmaster.pid), for the record; null when unreadable. */
function postmasterPid(dataDir: string): number | null {
  try {
    const n = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/** The private server through its socket (trust), as the target's role. */
function socketConn(socketDir: string, port: number, user: string, database: string): PgConn {
  const q = new URLSearchParams({ host: socketDir, port: String(port), user });
  return { uri: `postgresql:///${encodeURIComponent(database)}?${q}`, env: {}, database };
}

