import { RESTORE_STATUSES } from "../db/schema";

const int = { type: "integer" };
const nint = { type: ["integer", "null"] };
const str = { type: "string" };
const nstr = { type: ["string", "null"] };
const ndate = { type: ["string", "null"], format: "date-time" };
const status = { type: "string", enum: [...RESTORE_STATUSES] };
const artifactSource = {
  type: "object",
  additionalProperties: false,
  required: ["storageId", "role", "name", "kind", "encrypted", "healthy", "problem"],
  properties: {
    storageId: { ...nint, description: "The storage location; null = the console's default local folder" },
    role: { type: "string", enum: ["primary", "copy"] },
    name: str,
    kind: str,
    encrypted: { type: "boolean" },
    healthy: { type: "boolean" },
    problem: { ...nstr, description: "Why it cannot be read (pruned, missing, damaged by the last scrub)" },
  },
};
const table = {
  type: "object",
  required: ["name"],
  properties: { schema: nstr, name: str, rows: { ...nint, description: "Recorded at backup time (null when unknown)" } },
};
const free = {
  type: ["object", "null"],
  required: ["path", "freeBytes", "totalBytes"],
  properties: { path: { type: "string", description: "The folder measured" }, freeBytes: int, totalBytes: int },
};

/** Restore schemas of the API v1 document. */
export const restoreSchemas = {
  RestoreRef: {
    type: "object",
    additionalProperties: false,
    required: ["id", "status"],
    properties: { id: int, status },
  },
  Restore: {
    type: "object",
    additionalProperties: false,
    required: ["id", "runId", "targetId", "status", "safetyRunId", "startedAt", "finishedAt", "error"],
    properties: {
      id: int,
      runId: { type: "integer", description: "The run whose artifact is restored" },
      targetId: int,
      status,
      safetyRunId: { ...nint, description: "The safety backup taken of the original before it was overwritten" },
      startedAt: ndate,
      finishedAt: ndate,
      error: { ...nstr, description: "Why it failed, or who cancelled it and what that left behind" },
    },
  },
  Destination: {
    type: "object",
    additionalProperties: false,
    description:
      "Absent or empty: the original source (it gets a safety backup first). At most one of: `database` another database on the same server (PostgreSQL, MariaDB); `path` another SQLite file or folder — for Redis the data file of a stopped server (…/dump.rdb); `url` another Redis server. An alternate destination must not exist yet or be empty.",
    properties: {
      database: { type: "string", maxLength: 63 },
      path: { type: "string", description: "An absolute path" },
      url: { type: "string", description: "redis://…" },
      deleteExtra: { type: "boolean", description: "Folder targets, original destination: delete files that are not in the backup (excluded paths are kept)" },
    },
  },
  RestorePreviewInput: {
    type: "object",
    additionalProperties: false,
    properties: { destination: { $ref: "#/components/schemas/Destination" }, storage: { type: "integer", minimum: 1, description: "Read the artifact from this storage location: the primary's or one of the run's copies (see the preview's `sources`; a restic run's copies are snapshots in the copy locations' own repositories); default the nearest healthy one. A source that is not healthy is refused (400)" } },
  },
  RestoreInput: {
    type: "object",
    additionalProperties: false,
    required: ["confirm"],
    properties: {
      confirm: { type: "string", description: "The target's name, typed to confirm" },
      destination: { $ref: "#/components/schemas/Destination" },
      overrideSafety: { type: "boolean", description: "Admin only: restore even if the safety backup fails (audited as restore.override)" },
      include: { type: "array", maxItems: 100, items: { type: "string" }, description: "restic runs only: restore just these paths of the snapshot, e.g. [\"/cam1/2026-12-01\"]" },
      storage: { type: "integer", minimum: 1, description: "Read the artifact from this storage location: the primary's or one of the run's copies (see the preview's `sources`; a restic run's copies are snapshots in the copy locations' own repositories); default the nearest healthy one. A source that is not healthy is refused (400)" },
    },
  },
  RestorePreview: {
    type: "object",
    additionalProperties: false,
    required: ["manifest", "contents", "destination", "freeBytes", "neededBytes", "warnings"],
    properties: {
      manifest: {
        type: ["object", "null"],
        description: "The artifact's manifest.json (lib/engine/archive/FORMAT.md); null when the artifact cannot be read (see warnings)",
        required: ["format", "formatVersion", "app", "target", "type", "payload"],
        properties: { format: { const: "lifeboat-artifact" }, formatVersion: int, app: str, target: str, type: str, payload: { type: "object" } },
      },
      contents: {
        description: "What is inside the artifact; null when it cannot be read",
        anyOf: [
          { type: "null" },
          { type: "object", required: ["kind", "source", "tables"], properties: { kind: { const: "tables" }, source: str, tables: { type: "array", items: table } } },
          { type: "object", required: ["kind", "fileCount", "totalBytes"], properties: { kind: { const: "folder" }, fileCount: int, totalBytes: int } },
          { type: "object", required: ["kind", "sizeBytes", "keys"], properties: { kind: { const: "redis" }, sizeBytes: nint, keys: nint } },
          { type: "object", required: ["kind", "note"], properties: { kind: { const: "other" }, note: str } },
        ],
      },
      destination: {
        type: "object",
        additionalProperties: false,
        required: ["label", "original", "safetyBackup", "state", "error"],
        properties: {
          label: { type: "string", description: "e.g. database \"shop\" (the original)" },
          original: { type: "boolean" },
          safetyBackup: { type: "boolean", description: "The original is backed up before it is overwritten" },
          state: {
            type: ["object", "null"],
            description: "What is there now (what a restore would overwrite)",
            required: ["exists", "empty", "sizeBytes", "free"],
            properties: {
              exists: { type: "boolean" },
              empty: { type: "boolean" },
              sizeBytes: nint,
              tables: { type: "array", items: table },
              fileCount: int,
              countTruncated: { type: "boolean" },
              keys: int,
              free,
              error: str,
            },
          },
          error: { ...nstr, description: "Why this destination cannot be used (the restore would be refused)" },
        },
      },
      freeBytes: { ...nint, description: "Free space at the destination, when Lifeboat can see that disk" },
      neededBytes: { ...nint, description: "The payload's size: what the destination needs at least" },
      warnings: { type: "array", items: str, description: "Everything that would stop or endanger the restore, in words; empty when all is well" },
      sources: { type: "array", items: artifactSource, description: "Where the artifact can be read: the primary and its offsite copies, healthy nearest first (local, SFTP, S3)" },
      source: { anyOf: [{ type: "null" }, artifactSource], description: "What a restore reads: the primary if present, else the nearest healthy copy (fetched, decrypted and checked against the sha256); null when none is readable" },
    },
  },
} as const;
