import path from "node:path";
import type { DockerContainer, DockerInventory } from "./docker-inventory";

/**
 * Targets proposed from what Docker runs on a server (issue 17): a dump made *inside* each
 * database container with `docker exec` (its port need not be published, and the dump tool is the
 * one matching the server), and a folder target for each bind-mounted folder of the other
 * containers. Proposals go under an app named after the compose project.
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

export interface DockerProposal {
  /** Stable id of the proposal (what a create request names). */
  key: string;
  container: string;
  /** The app it goes under: the compose project, else the container's name. */
  app: string;
  name: string;
  type: "script" | "filesystem";
  source: Record<string, unknown>;
  description: string;
}

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
  for (const c of inv.containers) {
    const kind = recogniseImage(c.image);
    const app = appOf(c);
    const base = safeName(c.service ?? c.name);
    if (kind) {
      const inner = INNER[kind];
      out.push({
        key: `db:${c.name}`,
        container: c.name,
        app,
        name: unique(app, base),
        type: "script",
        source: { command: "/bin/sh", args: ["-c", DOCKER_EXEC_SCRIPT, "lifeboat-docker-dump", c.name, inner.script, inner.file] },
        description: `${inner.what} inside container ${c.name} (${c.image}), via docker exec`,
      });
      // Its data folder is the database's own files: the dump above is the consistent copy.
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
        source: { path: m.source },
        description: `Folder ${m.source}, mounted at ${m.destination} in container ${c.name}`,
      });
    }
  }
  return out;
}
