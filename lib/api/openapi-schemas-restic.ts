import { TARGET_ENGINES } from "../db/schema";

const int = { type: "integer" };

/** Schemas of the restic engine (issue 14): the run's snapshot and a snapshot's folder listing. */
export const resticSchemas = {
  RunSnapshot: {
    type: ["object", "null"],
    additionalProperties: false,
    required: ["id", "filesNew", "filesChanged", "filesUnmodified", "dataAddedBytes", "totalBytes"],
    description: "A restic run's snapshot; null for runs of the archive engine.",
    properties: {
      id: { type: "string", description: "restic snapshot id" },
      filesNew: int,
      filesChanged: int,
      filesUnmodified: int,
      dataAddedBytes: { ...int, description: "What this run added to the repository after deduplication (what charts count)" },
      totalBytes: { ...int, description: "Size of the snapshot's files" },
    },
  },
  SnapshotEntry: {
    type: "object",
    additionalProperties: false,
    required: ["name", "path", "type", "size", "mtime"],
    properties: {
      name: { type: "string" },
      path: { type: "string", description: "Absolute inside the snapshot, e.g. /cam1/2026-12-01" },
      type: { type: "string", enum: ["file", "dir", "symlink", "other"] },
      size: int,
      mtime: { type: ["string", "null"] },
    },
  },
  SnapshotFolder: {
    type: "object",
    additionalProperties: false,
    required: ["path", "entries", "total", "offset", "limit"],
    properties: {
      path: { type: "string" },
      entries: { type: "array", items: { $ref: "#/components/schemas/SnapshotEntry" } },
      total: { ...int, description: "Entries of the folder matching the search (for the pager)" },
      offset: int,
      limit: int,
    },
  },
  TargetEngine: { type: "string", enum: [...TARGET_ENGINES], default: "archive", description: "archive: a tar artifact per run; restic: a snapshot per run in the storage location's restic repository (filesystem, docker_volume, postgres, mysql)" },
} as const;
