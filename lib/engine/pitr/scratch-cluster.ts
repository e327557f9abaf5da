import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { releaseChild, signalChildGroup, trackedExeca } from "../process/process-registry";
import { asServerUser, pgBin } from "./os-user";

/**
 * The private PostgreSQL a point-in-time restore replays WAL in: a data directory unpacked from
 * the base backup in scratch space owned by the server's OS user, our own postgresql.conf and
 * pg_hba.conf (the source's may name files, libraries and addresses of another machine), the
 * source's ALTER SYSTEM settings set aside, recovery.signal, and the server on a free loopback
 * port started as a child of the console (so it dies with it).
 */

export interface ScratchServer {
  dataDir: string;
  socketDir: string;
  port: number;
  logFile: string;
  /** Settles when the server process exits. */
  exited: Promise<void>;
  alive(): boolean;
  stop(): Promise<void>;
  /** Keep it running when the console stops (a server kept for inspection: kept-servers.ts stops it by its record). */
  release(): void;
}

/** postgresql.conf time format PostgreSQL 15 accepts ('…T…Z' is refused). */
export function recoveryTimeLiteral(d: Date): string {
  const iso = d.toISOString(); // 2026-12-02T09:40:12.345Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00`;
}

export interface RecoveryConf {
  port: number;
  socketDir: string;
  walDir: string;
  /** null: replay every WAL file given (the stored WAL holds no commit after the target). */
  targetTime: Date | null;
}

export function recoveryConf(c: RecoveryConf): string {
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const lines = [
    "# Written by Lifeboat for a point-in-time restore",
    `port = ${c.port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = ${q(c.socketDir)}`,
    // Off: no connection during replay, and no need to match the source's max_connections & co.
    "hot_standby = off",
    "max_connections = 20",
    "shared_buffers = 128MB",
    "archive_mode = off",
    "logging_collector = off",
    `restore_command = ${q(`cp "${c.walDir}/%f" "%p"`)}`,
  ];
  if (c.targetTime) {
    lines.push(`recovery_target_time = ${q(recoveryTimeLiteral(c.targetTime))}`, "recovery_target_action = 'promote'", "recovery_target_timeline = 'current'");
  }
  return lines.join("\n") + "\n";
}

const HBA = [
  "# Written by Lifeboat: the restore reads through the socket; loopback with the source's passwords",
  "local all all trust",
  "host all all 127.0.0.1/32 md5",
].join("\n");

/** Write a file the server must read, owned by its OS user. */
async function writeServerFile(file: string, text: string, ownerOf: string): Promise<void> {
  await fsp.writeFile(file, text, { mode: 0o600 });
  const st = fs.statSync(ownerOf);
  fs.chownSync(file, st.uid, st.gid);
}

/** Turn an unpacked base backup into a data directory that recovers, with our configuration. */
export async function configureRecovery(dataDir: string, conf: RecoveryConf): Promise<void> {
  const map = path.join(dataDir, "tablespace_map");
  // pg_basebackup -Ft writes it empty when there is no tablespace.
  if (fs.existsSync(map) && fs.statSync(map).size > 0) throw new Error("The base backup has tablespaces outside the data directory: point-in-time restore does not handle them yet");
  const auto = path.join(dataDir, "postgresql.auto.conf");
  if (fs.existsSync(auto)) await fsp.rename(auto, `${auto}.from-source`);
  await writeServerFile(auto, "", dataDir);
  await writeServerFile(path.join(dataDir, "postgresql.conf"), recoveryConf(conf), dataDir);
  await writeServerFile(path.join(dataDir, "pg_hba.conf"), HBA + "\n", dataDir);
  if (!fs.existsSync(path.join(dataDir, "pg_ident.conf"))) await writeServerFile(path.join(dataDir, "pg_ident.conf"), "", dataDir);
  await writeServerFile(path.join(dataDir, "recovery.signal"), "", dataDir);
  await fsp.chmod(dataDir, 0o700);
}

export function startScratchServer(dataDir: string, socketDir: string, port: number, major: number): ScratchServer {
  const logFile = path.join(socketDir, "server.log");
  const fd = fs.openSync(logFile, "a", 0o640);
  const [file, args] = asServerUser(pgBin(major, "postgres"), ["-D", dataDir]);
  const child = trackedExeca(file, args, { cwd: socketDir, stdin: "ignore", stdout: fd as 1, stderr: fd as 2, reject: false });
  fs.closeSync(fd);
  let alive = true;
  const exited = (async () => {
    await child;
    alive = false;
  })();
  return {
    dataDir,
    socketDir,
    port,
    logFile,
    exited,
    alive: () => alive,
    release: () => releaseChild(child),
    async stop() {
      if (!alive) return;
      // SIGINT to the postmaster is PostgreSQL's "fast" shutdown.
      const [f, a] = asServerUser(pgBin(major, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "-t", "60", "stop"]);
      await trackedExeca(f, a, { cwd: socketDir, reject: false, stdin: "ignore" });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (alive) signalChildGroup(child, "SIGKILL");
      await exited;
    },
  };
}

/** `pg_ctl stop -m fast` of a data directory, from the same major's bindir, as the server's OS user (any console can). */
export async function pgCtlStop(dataDir: string, major: number, cwd: string): Promise<{ ok: boolean; message: string }> {
  const [f, a] = asServerUser(pgBin(major, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "-t", "60", "stop"]);
  const r = await trackedExeca(f, a, { cwd, reject: false, stdin: "ignore" });
  return { ok: !r.failed, message: String(r.stderr || r.stdout || r.shortMessage || "").trim() };
}

/** Is a server running on this data directory? (`pg_ctl status`: 0 running, 3 not, 4 no data directory.) */
export async function pgCtlRunning(dataDir: string, major: number, cwd: string): Promise<boolean> {
  if (!fs.existsSync(path.join(dataDir, "postmaster.pid"))) return false;
  const [f, a] = asServerUser(pgBin(major, "pg_ctl"), ["-D", dataDir, "status"]);
  const r = await trackedExeca(f, a, { cwd, reject: false, stdin: "ignore" });
  return r.exitCode === 0;
}

/** The tail of the server's log, for errors. */
export function serverLogTail(s: Pick<ScratchServer, "logFile">, lines = 15): string[] {
  try {
    return fs.readFileSync(s.logFile, "utf8").trim().split("\n").slice(-lines);
  } catch {
    return [];
  }
}

