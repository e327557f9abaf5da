/**
 * A name that starts with "-" reaches a tool's argument parser as an option (a MariaDB database
 * named `--result-file=/tmp/x` made mariadb-dump write that file). Saving such a name is refused
 * (the type modules' schemas, lib/engine/types/shared/db-url.ts); this refuses it again when a run starts, for rows saved
 * before that check or edited in the database. The tools also get names after `--` or as
 * `--name=value`, so this is the second of two locks, not the only one.
 */
export function refuseOptionLike(parts: Record<string, string | null | undefined>): void {
  for (const [what, value] of Object.entries(parts)) {
    if (value?.startsWith("-")) {
      throw new Error(`The ${what} "${value}" starts with "-": a tool would read it as an option. Change it in the target's settings`);
    }
  }
}

/** A Docker image reference ([registry/]name[:tag][@digest]); never an option. */
export const DOCKER_IMAGE_RE = /^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
