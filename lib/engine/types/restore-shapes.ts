import { z } from "zod";
import type { FreeSpace } from "../restore/free-space";

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
    /** docker_volume: a new (or empty) volume name */
    volume: z.string().trim().optional(),
  }),
  /** redis: write dump.rdb to a (stopped) server's data file */
  z.object({ mode: z.literal("rdb_file"), path: z.string().trim() }),
]);
export type DestinationInput = z.infer<typeof destinationInput>;

/**
 * The concrete destination of a restore (with the target's secrets). `type` names the type
 * module that restores into it; `kind` is that module's own word for the place (postgres,
 * folder, rdb_file…); the other fields are what that kind needs.
 */
export interface Resolved {
  type: string;
  kind: string;
  original: boolean;
  url?: string;
  database?: string;
  path?: string;
  /** postgres/mysql: restoring with the target's restricted restore login. */
  restricted?: boolean;
  /** folder: remove files that are not in the backup. */
  deleteExtra?: boolean;
  exclude?: string[];
  /** docker_volume: the volume restored into, and the image of the helper container that writes it. */
  volume?: string;
  image?: string;
  /** The target's server (lib/engine/servers): the restore runs there; null or absent: Local. */
  serverId?: number | null;
}

/** What is at the destination now (what a restore would overwrite). */
export interface DestinationState {
  exists: boolean;
  /** Nothing would be lost: absent, or present but empty. */
  empty: boolean;
  sizeBytes: number | null;
  tables?: { schema?: string; name: string; rows: number }[];
  fileCount?: number;
  /** The file count stopped at the walk limit: "at least". */
  countTruncated?: boolean;
  keys?: number;
  /** Where free space was measured, when Lifeboat can see it. */
  free: FreeSpace | null;
  /** Set when the destination could not be inspected (server down, no permission). */
  error?: string;
}

/** What is inside an artifact, for the preview page. */
export type Contents =
  | {
      kind: "tables";
      source: string;
      tables: { schema?: string | null; name: string; rows: number | null }[];
      /** Other objects by kind (PostgreSQL dumps): views, sequences, indexes… */
      objects?: { kind: string; count: number }[];
    }
  | { kind: "folder"; fileCount: number; totalBytes: number }
  | { kind: "redis"; sizeBytes: number | null; keys: number | null }
  | { kind: "other"; note: string };

/** The result of "Test connection": a database answers, a folder or script is there. */
export interface ConnectionCheck {
  ok: boolean;
  message: string;
  /** Usable, but worth saying (a SQLite file that does not exist yet). */
  warning?: string;
}
