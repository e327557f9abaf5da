import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa, type ResultPromise } from "execa";

/**
 * A real Docker engine for tests (issue 17, discovery): Debian's `dockerd` (docker.io) started as
 * root with its own data root, exec root and socket in a temp folder — never the machine's
 * /var/run/docker.sock —, without iptables or a bridge (`--network none` containers) and with
 * the vfs storage driver (no overlay mounts needed). No image registry is reachable: the image is
 * a Debian root filesystem built here with `debootstrap` and loaded with `docker import`.
 */
export interface Dockerd {
  /** unix:///…/docker.sock: DOCKER_HOST for the CLI. */
  host: string;
  docker(args: string[], opts?: { input?: string }): Promise<string>;
  stop(): Promise<void>;
}

/** Why the engine cannot run here (null: it can): dockerd, debootstrap and root are needed. */
export function dockerUnavailable(): string | null {
  if (process.getuid?.() !== 0) return "dockerd must run as root";
  for (const bin of ["/usr/sbin/dockerd", "/usr/sbin/debootstrap"]) if (!fs.existsSync(bin)) return `${bin} is missing (apt-get install docker.io debootstrap)`;
  return null;
}

export async function startDockerd(): Promise<Dockerd> {
  // A short path: the daemon's sockets live under it (unix socket paths are limited to 108 bytes).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lbdk-"));
  const sock = path.join(dir, "docker.sock");
  const host = `unix://${sock}`;
  const logFile = path.join(dir, "dockerd.log");
  const child: ResultPromise = execa(
    "/usr/sbin/dockerd",
    [
      "--iptables=false",
      "--ip6tables=false",
      "--bridge=none",
      "--storage-driver=vfs",
      `--data-root=${path.join(dir, "root")}`,
      `--exec-root=${path.join(dir, "exec")}`,
      `--pidfile=${path.join(dir, "docker.pid")}`,
      `--host=${host}`,
    ],
    { reject: false, stdin: "ignore", stdout: "ignore", stderr: { file: logFile }, cleanup: true },
  );
  const docker = async (args: string[], opts: { input?: string } = {}) => (await execa("docker", args, { env: { DOCKER_HOST: host }, input: opts.input })).stdout;
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null && child.exitCode !== undefined) throw new Error(`dockerd exited: ${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
    const r = await execa("docker", ["version", "--format", "{{.Server.Version}}"], { env: { DOCKER_HOST: host }, reject: false });
    if (r.exitCode === 0) break;
    if (Date.now() > end) {
      child.kill("SIGKILL");
      throw new Error(`dockerd did not answer within 60 s: ${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    host,
    docker,
    async stop() {
      const ids = (await docker(["ps", "--all", "--quiet"]).catch(() => "")).split("\n").filter(Boolean);
      if (ids.length) await docker(["rm", "--force", "--volumes", ...ids]).catch(() => {});
      child.kill("SIGTERM");
      await Promise.race([child, new Promise((r) => setTimeout(r, 20_000))]);
      if (child.exitCode === null || child.exitCode === undefined) child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const CACHE = "/var/tmp/lifeboat-test-docker";
const ROOTFS_TAR = path.join(CACHE, "bookworm-db-rootfs-v3.tar");

/**
 * Debian bookworm with PostgreSQL 15, Redis and MariaDB, built once per machine with debootstrap from
 * Debian's packages and kept as a tar (about 2 minutes the first time). A lock keeps parallel
 * test files from building it twice.
 */
async function dbRootfsTar(): Promise<string> {
  fs.mkdirSync(CACHE, { recursive: true });
  if (fs.existsSync(ROOTFS_TAR)) return ROOTFS_TAR;
  const script = [
    "set -e",
    `[ -f ${ROOTFS_TAR} ] && exit 0`,
    `d=$(mktemp -d ${CACHE}/build.XXXXXX)`,
    'trap \'rm -rf "$d"\' EXIT',
    `debootstrap --variant=minbase --include=postgresql-15,redis-server,redis-tools,mariadb-server bookworm "$d/root" http://deb.debian.org/debian >"$d/log" 2>&1 || { tail -20 "$d/log" >&2; exit 1; }`,
    'rm -rf "$d/root/var/cache/apt/archives/"*.deb "$d/root/usr/share/doc" "$d/root/usr/share/man" "$d/root/usr/share/locale"',
    // The package's own cluster took a free port as the build saw it (5433 beside this machine's
    // PostgreSQL): without it the client wrappers use the defaults, like an official image.
    'rm -rf "$d/root/etc/postgresql/15/main" "$d/root/var/lib/postgresql/15/main"',
    `tar -C "$d/root" -cf "$d/rootfs.tar" .`,
    `mv "$d/rootfs.tar" ${ROOTFS_TAR}`,
  ].join("\n");
  await execa("flock", [path.join(CACHE, "build.lock"), "sh", "-c", script], { timeout: 15 * 60_000 });
  return ROOTFS_TAR;
}

/** The database image under the names discovery recognises: lbtest/postgres:15, lbtest/redis:7, lbtest/mariadb:10.11. */
export async function importDbImage(d: Dockerd): Promise<void> {
  const tar = await dbRootfsTar();
  await execa("docker", ["import", tar, "lbtest/postgres:15"], { env: { DOCKER_HOST: d.host } });
  await d.docker(["tag", "lbtest/postgres:15", "lbtest/redis:7"]);
  await d.docker(["tag", "lbtest/postgres:15", "lbtest/mariadb:10.11"]);
}
