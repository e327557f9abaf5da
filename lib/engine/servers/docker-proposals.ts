import path from "node:path";
import type { DockerContainer, DockerInventory, DockerPort } from "./docker-inventory";
import { DOCKER_IMAGE_RE } from "../types/shared/option-safe";
import { DEFAULT_DOCKER_IMAGE } from "../types/docker-volume/backup";

/**
 * Targets proposed from what Docker runs on a server (issue 17). For each database container: a
 * direct dump against the port it publishes on the host (a PostgreSQL, MariaDB or Redis target
 * run on that server, like any other), or, when its port is not published, a dump made *inside*
 * it with `docker exec` (a script target). For the other containers: a folder target for each
 * bind-mounted folder and a Docker volume target for each named volume. Proposals go under an app
 * named after the compose project; `via` says which way each one takes.
 */

export type DbKind = "postgres" | "mysql" | "redis";

/** The image's own name: `ghcr.io/acme/postgres:15@sha256:…` → `postgres`. */
export function imageName(image: string): string {
  const noDigest = image.split("@")[0]!;
  const last = noDigest.split("/").pop()!;
  return last.split(":")[0]!.toLowerCase();
}

const KINDS: [RegExp, DbKind][] = [
  [/^(postgres|postgresql|postgis|timescaledb(-ha)?)$/, "postgres"],
  [/^(mariadb|mysql|percona(-server)?)$/, "mysql"],
  [/^(redis|redis-stack(-server)?|valkey)$/, "redis"],
];

/** A database container by its image name; null for anything else. */
export function recogniseImage(image: string): DbKind | null {
  const name = imageName(image);
  return KINDS.find(([re]) => re.test(name))?.[1] ?? null;
}

/**
 * What runs inside the container (`sh -c` there). Passwords never travel: the container's own
 * environment holds them and they are read there (MYSQL_PWD / REDISCLI_AUTH, not argv).
 */
const INNER: Record<DbKind, { script: string; file: string; what: string }> = {
  postgres: {
    script: 'exec pg_dump -U "${POSTGRES_USER:-postgres}" -w -Fc "${POSTGRES_DB:-${POSTGRES_USER:-postgres}}"',
    file: "database.dump",
    what: "pg_dump (custom format)",
  },
  mysql: {
    script: [
      'MYSQL_PWD="${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}"; export MYSQL_PWD',
      "d=$(command -v mariadb-dump || command -v mysqldump) || { echo 'no mariadb-dump or mysqldump in the container' >&2; exit 127; }",
      'exec "$d" -uroot --single-transaction --routines --events --all-databases',
    ].join("\n"),
    file: "database.sql",
    what: "mariadb-dump --all-databases",
  },
  redis: {
    script: [
      'if [ -n "${REDIS_PASSWORD:-}" ]; then REDISCLI_AUTH="$REDIS_PASSWORD"; export REDISCLI_AUTH; fi',
      'f="/tmp/lifeboat-$$.rdb"',
      'redis-cli --rdb "$f" >&2 && cat "$f"; r=$?; rm -f "$f"; exit $r',
    ].join("\n"),
    file: "dump.rdb",
    what: "redis-cli --rdb",
  },
};

/** The script target's own command: docker exec on the server, stdout into the output folder. Words go as $1..$3. */
export const DOCKER_EXEC_SCRIPT = 'docker exec "$1" sh -c "$2" > "$LIFEBOAT_OUTPUT_DIR/$3"';

/** How a proposed target reads its data. */
export type ProposalVia = "docker-exec" | "published-port" | "bind-mount" | "volume";

export interface DockerProposal {
  /** Stable id of the proposal (what a create request names). */
  key: string;
  container: string;
  /** The app it goes under: the compose project, else the container's name. */
  app: string;
  name: string;
  type: "script" | "filesystem" | "docker_volume" | DbKind;
  via: ProposalVia;
  source: Record<string, unknown>;
  /** The target's meta (a volume's reader image: meta.dockerImage), or null. */
  meta: Record<string, unknown> | null;
  description: string;
}

/** The port each database listens on inside its container. */
const DB_PORT: Record<DbKind, string> = { postgres: "5432/tcp", mysql: "3306/tcp", redis: "6379/tcp" };
const DB_TOOL: Record<DbKind, string> = { postgres: "pg_dump", mysql: "mariadb-dump", redis: "redis-cli --rdb" };

/**
 * The host address and port where the server reaches a container's published database port:
 * a binding on all addresses (0.0.0.0, ::) is reached on 127.0.0.1; IPv4 bindings first.
 */
export function publishedAt(c: DockerContainer, kind: DbKind): { host: string; port: string } | null {
  const bound = c.ports.filter((p): p is DockerPort & { hostPort: string } => p.container === DB_PORT[kind] && Boolean(p.hostPort));
  const pick = bound.find((p) => !p.hostIp?.includes(":")) ?? bound[0];
  if (!pick) return null;
  const ip = pick.hostIp ?? "";
  const host = ip === "" || ip === "0.0.0.0" || ip === "::" ? "127.0.0.1" : ip.includes(":") ? `[${ip}]` : ip;
  return { host, port: pick.hostPort };
}

/** The URL of a direct dump (no password: it is never read from the container), or null when a database name is missing. */
function directUrl(kind: DbKind, c: DockerContainer, at: { host: string; port: string }): string | null {
  const e = encodeURIComponent;
  const hp = `${at.host}:${at.port}`;
  if (kind === "postgres") {
    const user = c.settings.POSTGRES_USER || "postgres";
    return `postgres://${e(user)}@${hp}/${e(c.settings.POSTGRES_DB || user)}`;
  }
  if (kind === "mysql") {
    const db = c.settings.MARIADB_DATABASE || c.settings.MYSQL_DATABASE;
    if (!db) return null;
    return `mysql://${e(c.settings.MARIADB_USER || c.settings.MYSQL_USER || "root")}@${hp}/${e(db)}`;
  }
  return `redis://${hp}/0`;
}

/** Docker's own names for anonymous volumes: 64 hex digits. */
const ANONYMOUS = /^[0-9a-f]{64}$/;

/** Host paths that are never data: the Docker socket, the clock, device files. */
const NOT_DATA = [/\.sock$/, /^\/etc\/(localtime|timezone|hosts|resolv\.conf)$/, /^\/(proc|sys|dev)(\/|$)/];

const safeName = (s: string) =>
  s
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/\.{2,}/g, ".")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 100) || "container";

const appOf = (c: DockerContainer) => safeName(c.project ?? c.name);

export function dockerProposals(inv: DockerInventory): DockerProposal[] {
  const out: DockerProposal[] = [];
  const taken = new Set<string>();
  const unique = (app: string, name: string) => {
    let n = name;
    for (let i = 2; taken.has(`${app}/${n}`); i++) n = `${name}-${i}`;
    taken.add(`${app}/${n}`);
    return n;
  };
  // The image a volume is read with: alpine:3.20 when the server has it, else the container's own
  // (an image the server has; most carry tar), said in the description.
  const hasDefault = inv.images.some((i) => `${i.repository}:${i.tag}` === DEFAULT_DOCKER_IMAGE);
  const volumesSeen = new Set<string>();
  for (const c of inv.containers) {
    const kind = recogniseImage(c.image);
    const app = appOf(c);
    const base = safeName(c.service ?? c.name);
    if (kind) {
      const at = publishedAt(c, kind);
      const url = at ? directUrl(kind, c, at) : null;
      if (at && url) {
        out.push({
          key: `db:${c.name}`,
          container: c.name,
          app,
          name: unique(app, base),
          type: kind,
          via: "published-port",
          source: { url },
          meta: null,
          description: `${DB_TOOL[kind]} on the server against ${at.host}:${at.port}, the port container ${c.name} (${c.image}) publishes for ${DB_PORT[kind]}: a direct dump, not docker exec. The password is never read from the container: if the database asks for one, add it to the target's connection`,
        });
        continue;
      }
      const inner = INNER[kind];
      const why = at ? `its port ${DB_PORT[kind]} is published but no MARIADB_DATABASE/MYSQL_DATABASE names the database` : `its port ${DB_PORT[kind]} is not published`;
      out.push({
        key: `db:${c.name}`,
        container: c.name,
        app,
        name: unique(app, base),
        type: "script",
        via: "docker-exec",
        source: { command: "/bin/sh", args: ["-c", DOCKER_EXEC_SCRIPT, "lifeboat-docker-dump", c.name, inner.script, inner.file] },
        meta: null,
        description: `${inner.what} inside container ${c.name} (${c.image}), via docker exec (${why})`,
      });
      // Its data folder or volume is the database's own files: the dump above is the consistent copy.
      continue;
    }
    for (const m of c.mounts) {
      if (m.type !== "bind" || NOT_DATA.some((re) => re.test(m.source))) continue;
      out.push({
        key: `bind:${c.name}:${m.source}`,
        container: c.name,
        app,
        name: unique(app, safeName(`${base}-${path.basename(m.source) || "root"}`)),
        type: "filesystem",
        via: "bind-mount",
        source: { path: m.source },
        meta: null,
        description: `Folder ${m.source}, mounted at ${m.destination} in container ${c.name}`,
      });
    }
    for (const m of c.mounts) {
      if (m.type !== "volume" || !m.source || ANONYMOUS.test(m.source) || volumesSeen.has(m.source)) continue;
      volumesSeen.add(m.source);
      const image = hasDefault || !DOCKER_IMAGE_RE.test(c.image) ? DEFAULT_DOCKER_IMAGE : c.image;
      out.push({
        key: `volume:${m.source}`,
        container: c.name,
        app,
        name: unique(app, safeName(`${base}-${(c.project && m.source.startsWith(`${c.project}_`) ? m.source.slice(c.project.length + 1) : m.source) || m.source}`)),
        type: "docker_volume",
        via: "volume",
        source: { volume: m.source },
        meta: image === DEFAULT_DOCKER_IMAGE ? null : { dockerImage: image },
        description: `Docker volume ${m.source}, mounted at ${m.destination} in container ${c.name}; read by tar in a throwaway container of ${image}${image === DEFAULT_DOCKER_IMAGE ? "" : ` (the container's own image: ${DEFAULT_DOCKER_IMAGE} is not on the server)`}`,
      });
    }
  }
  return out;
}
