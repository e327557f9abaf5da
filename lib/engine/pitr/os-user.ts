import fs from "node:fs";
import path from "node:path";

/**
 * The private PostgreSQL a point-in-time restore starts refuses to run as root. When the console
 * runs as root (the container image), server-side tools (initdb-less: tar, pg_ctl, postgres) run
 * as the OS user `postgres` through runuser, in folders that user owns; otherwise they run as the
 * console's own user. LIFEBOAT_PG_OS_USER names another user.
 */

export const pgOsUser = () => process.env.LIFEBOAT_PG_OS_USER || "postgres";
const isRoot = () => process.getuid?.() === 0;

/** [file, args] that run `cmd args` as the server's OS user. */
export function asServerUser(cmd: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", pgOsUser(), "--", cmd, ...args]] : [cmd, args];
}

function ids(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  const user = pgOsUser();
  const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`The OS user "${user}" does not exist: a private PostgreSQL cannot run as root (install PostgreSQL, or set LIFEBOAT_PG_OS_USER)`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Make `dir` (created 0700) belong to the server's OS user. */
export function makeServerDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const who = ids();
  if (who) fs.chownSync(dir, who.uid, who.gid);
  return dir;
}

/** The bin folder of a PostgreSQL major (Debian layout), or "" to rely on PATH. */
export function pgBinDir(major: number): string {
  const dir = `/usr/lib/postgresql/${major}/bin`;
  return fs.existsSync(path.join(dir, "postgres")) ? dir : "";
}

export const pgBin = (major: number, tool: string) => {
  const dir = pgBinDir(major);
  return dir ? path.join(dir, tool) : tool;
};
