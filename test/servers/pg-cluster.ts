import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { freeLoopbackPort } from "../../lib/net/free-port";

/**
 * A private PostgreSQL 15 cluster for tests (PITR needs wal_level=replica and replication on
 * loopback, which the shared server on 5432 must not be asked to change). PostgreSQL refuses to
 * run as root, so every server-side tool runs as the OS user `postgres` through runuser, in a temp
 * folder that user owns. Small WAL segments (1 MB) keep "fill a segment" tests fast.
 */

export const PG_BIN = "/usr/lib/postgresql/15/bin";
const OS_USER = "postgres";

export interface PgClusterOptions {
  /** Keep the `host replication all 127.0.0.1/32 trust` line (default true). */
  replicationHba?: boolean;
  /** Extra postgresql.conf lines. */
  conf?: string[];
  /** WAL segment size in MB (initdb --wal-segsize); 1 keeps tests fast, benches use PostgreSQL's 16. */
  walSegSizeMb?: number;
}

export interface PgCluster {
  port: number;
  /** Folder owned by `postgres`: data/ and the socket live here. */
  base: string;
  dataDir: string;
  /** Superuser URL (trust on loopback) for a database, default "postgres". */
  url(database?: string): string;
  /** Run SQL as the superuser; rows as tab-separated columns. */
  sql(query: string, database?: string): Promise<string[][]>;
  start(): Promise<void>;
  /** pg_ctl stop -m fast. */
  stop(): Promise<void>;
  /** SIGKILL the postmaster (a crash). */
  kill(): Promise<void>;
  running(): boolean;
  /** Stop (immediate) and remove the folder. */
  cleanup(): Promise<void>;
}

export function asPostgres(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  return execa("runuser", ["-u", OS_USER, "--", cmd, ...args], { cwd: opts.cwd ?? "/tmp", env: opts.env, stdin: "ignore" });
}

/** A loopback port nobody listens on right now. */
export const freePort = freeLoopbackPort;

/** A temp folder owned by `postgres` (mode 0700), for data directories and scratch. */
export function postgresOwnedDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const { uid, gid } = osUser();
  fs.chownSync(dir, uid, gid);
  return dir;
}

function osUser(): { uid: number; gid: number } {
  const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${OS_USER}:`));
  if (!line) throw new Error(`No OS user ${OS_USER}: install PostgreSQL 15 (Debian postgresql-15)`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startPgCluster(opts: PgClusterOptions = {}): Promise<PgCluster> {
  const base = postgresOwnedDir("lb-pgcluster-");
  const dataDir = path.join(base, "data");
  const port = await freePort();
  await asPostgres(`${PG_BIN}/initdb`, ["-D", dataDir, "-A", "trust", "-U", "postgres", `--wal-segsize=${opts.walSegSizeMb ?? 1}`, "-E", "UTF8", "--locale=C"]);
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${base}'`,
    "wal_level = replica",
    "max_wal_senders = 5",
    "max_replication_slots = 5",
    // Tests, not durability: the cluster is thrown away.
    "fsync = off",
    "synchronous_commit = off",
    "full_page_writes = on",
    ...(opts.conf ?? []),
  ];
  fs.appendFileSync(path.join(dataDir, "postgresql.conf"), "\n" + conf.join("\n") + "\n");
  const hba = ["local all all trust", "host all all 127.0.0.1/32 trust"];
  if (opts.replicationHba !== false) hba.push("host replication all 127.0.0.1/32 trust");
  fs.writeFileSync(path.join(dataDir, "pg_hba.conf"), hba.join("\n") + "\n");
  const log = path.join(base, "server.log");
  let up = false;
  const cluster: PgCluster = {
    port,
    base,
    dataDir,
    url: (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async sql(query, database = "postgres") {
      const r = await execa("psql", ["-X", "-A", "-t", "-q", "-F", "\t", "-v", "ON_ERROR_STOP=1", `--dbname=${cluster.url(database)}`, "-c", query], { stdin: "ignore" });
      return r.stdout ? r.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t")) : [];
    },
    async start() {
      await asPostgres(`${PG_BIN}/pg_ctl`, ["-D", dataDir, "-l", log, "-w", "-t", "60", "start"]);
      up = true;
    },
    async stop() {
      await asPostgres(`${PG_BIN}/pg_ctl`, ["-D", dataDir, "-m", "fast", "-w", "stop"]);
      up = false;
    },
    async kill() {
      const pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      process.kill(pid, "SIGKILL");
      up = false;
    },
    running: () => up,
    async cleanup() {
      if (fs.existsSync(path.join(dataDir, "postmaster.pid"))) {
        await asPostgres(`${PG_BIN}/pg_ctl`, ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => {});
      }
      up = false;
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (e) {
    const tail = fs.existsSync(log) ? fs.readFileSync(log, "utf8").slice(-2000) : "";
    fs.rmSync(base, { recursive: true, force: true });
    throw new Error(`private PostgreSQL did not start: ${(e as Error).message}\n${tail}`);
  }
  return cluster;
}
