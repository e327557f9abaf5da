import path from "node:path";
import { z } from "zod";
import type { Target, TargetType } from "../../db/schema";
import { ValidationError } from "../../errors";
import { env } from "../../env";
import { sourceSchemas } from "../targets/source";
import { checkDbName } from "./db-cli";
import { dataDirOverlap } from "../../data-dir";

/** Where a restore writes, as the form and the restores row hold it (no secrets). */
export const destinationInput = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("original"), deleteExtra: z.boolean().optional() }),
  z.object({
    mode: z.literal("alternate"),
    /** postgres / mysql: another database on the same server */
    database: z.string().trim().optional(),
    /** sqlite: another file; filesystem/script: another folder */
    path: z.string().trim().optional(),
    /** redis: another server URL */
    url: z.string().trim().optional(),
  }),
  /** redis: write dump.rdb to a (stopped) server's data file */
  z.object({ mode: z.literal("rdb_file"), path: z.string().trim() }),
]);
export type DestinationInput = z.infer<typeof destinationInput>;

export type Resolved =
  | { kind: "postgres"; url: string; database: string; original: boolean; restricted?: boolean }
  | { kind: "mysql"; url: string; database: string; original: boolean; restricted?: boolean }
  | { kind: "sqlite"; path: string; original: boolean }
  | { kind: "folder"; path: string; original: boolean; deleteExtra: boolean; exclude: string[] }
  | { kind: "redis"; url: string; original: boolean }
  | { kind: "rdb_file"; path: string; original: false };

const RESTORABLE: TargetType[] = ["postgres", "mysql", "sqlite", "redis", "filesystem", "script"];

export function canRestoreType(type: TargetType): boolean {
  return RESTORABLE.includes(type);
}

function absPath(p: string | undefined, what: string): string {
  if (!p || !path.isAbsolute(p)) throw new ValidationError(`Enter the ${what} as an absolute path`, { path: "An absolute path" });
  const abs = path.resolve(p);
  assertOutsideDataDir(abs, what);
  return abs;
}

/**
 * An operator types alternate destinations, and can upload the artifact that is restored there:
 * Lifeboat's own data directory (its database, session secret and encryption key) must never be
 * one, or an operator could make themselves admin; nor may a destination hold it (a folder
 * target whose path contains it, saved before that was refused). Symlinks are followed as far as
 * the path exists (lib/data-dir.ts).
 */
function assertOutsideDataDir(abs: string, what: string): void {
  if (dataDirOverlap(abs)) {
    throw new ValidationError(`The ${what} ${dataDirOverlap(abs) === "contains" ? "contains" : "lies inside"} Lifeboat's own data folder (${env().dataDir}): choose another place`, {
      path: "Not inside Lifeboat's data folder",
    });
  }
}

/** A Redis data file is what rdb_file mode overwrites: refuse to overwrite any other kind of file with it. */
function rdbFilePath(p: string | undefined): string {
  const abs = absPath(p, "RDB file path");
  if (!abs.endsWith(".rdb")) {
    throw new ValidationError("Give the path of the stopped Redis server's data file (its name ends in .rdb, e.g. /var/lib/redis/dump.rdb)", {
      path: "A Redis data file (*.rdb)",
    });
  }
  return abs;
}

/** The concrete destination (with the target's secrets) for a target and a form input. */
export function resolveDestination(target: Target, source: Record<string, unknown>, input: DestinationInput): Resolved {
  const type = target.type;
  if (!canRestoreType(type)) {
    throw new ValidationError(
      type === "docker_volume"
        ? "Restoring a Docker volume needs Docker, which Lifeboat does not drive for restores yet: download the artifact and extract volume.tar by hand (see README)"
        : `Targets of type ${type} cannot be restored by Lifeboat`,
    );
  }
  const url = String(source.url ?? "");
  const db = (u: string) => decodeURIComponent(new URL(u).pathname.slice(1));
  switch (type) {
    case "postgres":
    case "mysql":
      if (input.mode === "original") return { kind: type, url, database: db(url), original: true };
      if (input.mode === "alternate") {
        const name = checkDbName(input.database ?? "");
        return { kind: type, url, database: name, original: name === db(url) };
      }
      break;
    case "sqlite":
      if (input.mode === "original") {
        assertOutsideDataDir(path.resolve(String(source.path)), "database file");
        return { kind: "sqlite", path: String(source.path), original: true };
      }
      if (input.mode === "alternate") {
        const p = absPath(input.path, "database file path");
        return { kind: "sqlite", path: p, original: p === path.resolve(String(source.path)) };
      }
      break;
    case "filesystem":
    case "script": {
      const exclude = Array.isArray(source.exclude) ? (source.exclude as string[]) : [];
      if (input.mode === "original") {
        if (type === "script") throw new ValidationError("A script target has no folder to restore into: choose an alternate folder");
        assertOutsideDataDir(path.resolve(String(source.path)), "folder");
        return { kind: "folder", path: path.resolve(String(source.path)), original: true, deleteExtra: !!input.deleteExtra, exclude };
      }
      if (input.mode === "alternate") {
        const p = absPath(input.path, "folder");
        const original = type === "filesystem" && p === path.resolve(String(source.path));
        return { kind: "folder", path: p, original, deleteExtra: false, exclude };
      }
      break;
    }
    case "redis":
      if (input.mode === "original") return { kind: "redis", url, original: true };
      if (input.mode === "alternate") {
        const parsed = sourceSchemas.redis.safeParse({ url: input.url ?? "" });
        if (!parsed.success) throw new ValidationError(parsed.error.issues[0]!.message, { url: parsed.error.issues[0]!.message });
        return { kind: "redis", url: parsed.data.url, original: false };
      }
      if (input.mode === "rdb_file") return { kind: "rdb_file", path: rdbFilePath(input.path), original: false };
      break;
  }
  throw new ValidationError(`This destination (${input.mode}) does not apply to a ${type} target`);
}

/** The destination for display and for the restores row: no password. */
export function describeDestination(d: Resolved): string {
  switch (d.kind) {
    case "postgres":
    case "mysql":
      return `database "${d.database}"${d.original ? " (the original)" : ""}`;
    case "redis": {
      const u = new URL(d.url);
      return `Redis ${u.hostname}:${u.port || 6379}/${u.pathname.slice(1) || "0"}${d.original ? " (the original)" : ""}`;
    }
    case "rdb_file":
      return `RDB file ${d.path}`;
    default:
      return `${d.path}${d.original ? " (the original)" : ""}`;
  }
}
