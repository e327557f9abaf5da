import { COMPRESSIONS, RUN_KINDS, RUN_STATUSES, RUN_TRIGGERS } from "../db/schema";
import { sourceSchema, targetTypeNames } from "./openapi-source";
import { TARGET_STATUSES } from "../engine/status/target-status";
import { restoreSchemas } from "./openapi-schemas-restores";
import { scheduleSchemas } from "./openapi-schemas-schedules";
import { storageSchemas } from "./openapi-storage";
import { resticSchemas } from "./openapi-schemas-restic";
import { copySchemas } from "./openapi-schemas-copies";
import { pitrSchemas } from "./openapi-pitr";
import { serverSchemas } from "./openapi-servers";

const str = { type: "string" };
const nstr = { type: ["string", "null"] };
const ndate = { type: ["string", "null"], format: "date-time" };
const date = { type: "string", format: "date-time" };
const int = { type: "integer" };
const nint = { type: ["integer", "null"] };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The writable fields of a target: POST /targets takes them (some required), PATCH any of them. */
const targetFields = {
  appId: int,
  name: str,
  type: { type: "string", enum: targetTypeNames() },
  source: ref("Source"),
  pitr: ref("PitrSetting"),
  compression: { type: "string", enum: [...COMPRESSIONS] },
  engine: ref("TargetEngine"),
  pathTemplate: str,
  retention: ref("Retention"),
  enabled: { type: "boolean" },
  storage: ref("TargetStorage"),
  serverId: { type: ["integer", "null"], description: "The server that performs the backup (GET /api/v1/servers); null or absent: Local. Only folder (filesystem), postgres and script targets run on another server, with the archive engine; for any other type a server other than Local is refused (400, details.serverId)" },
};

/** GET /api/v1/targets items; the detail adds the overdue episode. Times are run starts, counted runs only. */
const targetListFields = {
  id: int,
  app: { type: "string", description: "The app's name" },
  name: str,
  type: { type: "string", enum: targetTypeNames() },
  enabled: { type: "boolean" },
  status: { type: "string", enum: [...TARGET_STATUSES], description: "The same word the UI shows" },
  lastRunAt: { ...ndate, description: "Start of the newest counted run (uploads and safety backups do not count)" },
  lastSuccessAt: { ...ndate, description: "Start of the newest counted successful run" },
  lastSizeBytes: { ...nint, description: "Artifact size of the newest counted successful run" },
  nextRunAt: ndate,
};

/** Component schemas of the API v1 document (JSON Schema 2020-12, as OpenAPI 3.1 uses). */
export const schemas = {
  Error: {
    type: "object",
    required: ["error"],
    additionalProperties: false,
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        additionalProperties: false,
        properties: {
          code: { type: "string", enum: ["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "not_acceptable", "payload_too_large", "too_many_requests", "internal"] },
          message: { type: "string", description: "Human-readable; for 400 it names the bad field(s)." },
          details: { type: "object", additionalProperties: str, description: "Field → message, for 400." },
        },
      },
    },
  },
  App: {
    type: "object",
    required: ["id", "name", "description", "targetCount", "createdAt", "updatedAt"],
    properties: { id: int, name: str, description: nstr, targetCount: int, createdAt: date, updatedAt: ndate },
  },
  AppInput: {
    type: "object",
    required: ["name"],
    properties: { name: { type: "string", maxLength: 100 }, description: nstr },
  },
  Retention: {
    type: "object",
    properties: Object.fromEntries(
      ["keepDays", "keepLast", "keepHourly", "keepDaily", "keepWeekly", "keepMonthly", "keepYearly"].map((k) => [k, { type: ["integer", "null"], minimum: 0 }]),
    ),
  },
  Source: sourceSchema(),
  TargetInput: {
    type: "object",
    required: ["appId", "name", "type", "source"],
    properties: targetFields,
  },
  TargetPatch: {
    type: "object",
    description: "Any fields of TargetInput; what is absent keeps its value.",
    properties: targetFields,
  },
  Target: {
    type: "object",
    required: ["id", "appId", "appName", "name", "type", "source", "compression", "pathTemplate", "retention", "enabled", "secretSet"],
    properties: {
      id: int,
      appId: int,
      appName: str,
      name: str,
      description: nstr,
      type: { type: "string", enum: targetTypeNames() },
      source: ref("Source"),
      secretSet: { type: "boolean", description: "A password is stored (never returned)." },
      compression: { type: "string", enum: [...COMPRESSIONS] },
      engine: ref("TargetEngine"),
      pathTemplate: str,
      retention: ref("Retention"),
      enabled: { type: "boolean" },
      storage: ref("TargetStorage"),
      serverId: { type: ["integer", "null"], description: "null: Local" },
      createdAt: date,
      pitr: { anyOf: [ref("PitrSetting"), { type: "null" }], description: "postgres: the point-in-time recovery setting (null: never turned on, or another type)" },
    },
  },
  TargetListItem: {
    type: "object",
    additionalProperties: false,
    required: ["id", "app", "name", "type", "enabled", "status", "lastRunAt", "lastSuccessAt", "lastSizeBytes", "nextRunAt"],
    properties: targetListFields,
  },
  TargetDetail: {
    type: "object",
    additionalProperties: false,
    required: ["id", "app", "name", "type", "enabled", "status", "lastRunAt", "lastSuccessAt", "lastSizeBytes", "nextRunAt", "overdueSince", "expectedAt", "pitr", "serverId", "serverName"],
    properties: {
      ...targetListFields,
      overdueSince: { ...ndate, description: "While overdue: the expected slot + grace (when the episode began); else null" },
      expectedAt: { ...ndate, description: "The expected slot while overdue, else the next expected one; null without a backup schedule" },
      pitr: { anyOf: [ref("PitrStatus"), { type: "null" }], description: "Point-in-time recovery: stream state and the recovery window; null while PITR is off" },
      serverId: { type: ["integer", "null"], description: "The server that performs the backup (GET /api/v1/servers); null: Local" },
      serverName: { type: "string", description: "That server's name; \"Local\" for this machine" },
    },
  },
  RunRef: {
    type: "object",
    additionalProperties: false,
    required: ["id", "status"],
    properties: { id: int, status: { type: "string", enum: [...RUN_STATUSES] } },
  },
  Run: {
    type: "object",
    additionalProperties: false,
    required: ["id", "targetId", "status", "trigger", "startedAt", "finishedAt", "durationMs", "sizeBytes", "sha256", "exitCode", "error"],
    properties: {
      id: int,
      targetId: int,
      status: { type: "string", enum: [...RUN_STATUSES] },
      trigger: { type: "string", enum: [...RUN_TRIGGERS] },
      startedAt: ndate,
      finishedAt: ndate,
      durationMs: nint,
      sizeBytes: nint,
      sha256: nstr,
      exitCode: nint,
      error: nstr,
      snapshot: { ...ref("RunSnapshot"), description: "GET /runs/{id} only: the restic snapshot, null for archive runs" },
      kind: { type: "string", enum: [...RUN_KINDS], description: "GET /runs/{id} only: backup (the target's engine), or pitr-base: a point-in-time recovery base backup (pg_basebackup; artifactState pitr while stored, never downloaded or restored as a dump)" },
      pitrBase: ref("RunPitrBase"),
      copies: { type: "array", items: ref("RunCopy"), description: "GET /runs/{id} only: the artifact's copies in the target's copy locations" },
    },
  },
  ReportInput: {
    type: "object",
    required: ["event"],
    properties: {
      event: { type: "string", enum: ["start", "success", "fail"] },
      exitCode: nint,
      sizeBytes: { type: ["integer", "null"], minimum: 0 },
      artifactPath: nstr,
      durationMs: { type: ["integer", "null"], minimum: 0 },
      log: { type: ["string", "null"], description: "Kept as the run's log: its first 100 KiB (the whole body may be at most 1 MiB)." },
    },
  },
  ...scheduleSchemas,
  ...storageSchemas,
  ...pitrSchemas,
  ...serverSchemas,
  ...restoreSchemas,
  ...resticSchemas,
  ...copySchemas,
} as const;
