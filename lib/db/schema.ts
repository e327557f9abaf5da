import { sql } from "drizzle-orm";
import {
  sqliteTable,
  text,
  integer,
  index,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { bool, createdAt, ts } from "./columns";
import { ROLES, users } from "./schema-users";
import { storageLocations } from "./schema-storage";
import { servers } from "./schema-servers";

// The users table lives in schema-users.ts, so the sign-in tables can reference it without a
// circle through this file (which re-exports both).
export * from "./schema-users";
export * from "./schema-storage";
export * from "./schema-restic";
import { TARGET_ENGINES } from "./schema-restic";
export * from "./schema-servers";

export const TARGET_TYPES = [
  "postgres",
  "mysql",
  "sqlite",
  "redis",
  "filesystem",
  "docker_volume",
  "script",
  "external",
  "lifeboat_console",
] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const COMPRESSIONS = ["none", "gzip", "zstd"] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const RUN_STATUSES = [
  "queued",
  "running",
  "success",
  "partial",
  "failed",
  "cancelled",
  "interrupted",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_KINDS = ["backup", "pitr-base"] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** "pitr": a point-in-time recovery base backup on its own schedule (kind "pitr-base"; never counted: engine/status/counted-runs.ts). */
export const RUN_TRIGGERS = ["manual", "scheduler", "api", "safety", "upload", "retry", "pitr"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];


/** Failed sign-in bookkeeping, keyed by normalised email (and by IP under "ip:<addr>"). */
export const loginAttempts = sqliteTable("login_attempts", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  firstFailureAt: ts("first_failure_at"),
  lockedUntil: ts("locked_until"),
});

export const apps = sqliteTable("apps", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  description: text("description"),
  createdAt: createdAt(),
  updatedAt: ts("updated_at"),
});

export const targets = sqliteTable(
  "targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    appId: integer("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    type: text("type", { enum: TARGET_TYPES }).notNull(),
    /** Non-secret source settings as JSON (per type; see lib/engine/targets/source.ts). */
    source: text("source", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** AES-256-GCM sealed JSON of the secret parts of the source (passwords). Never leaves the server. */
    secretEnc: text("secret_enc"),
    preHook: text("pre_hook"),
    postHook: text("post_hook"),
    compression: text("compression", { enum: COMPRESSIONS }).notNull().default("zstd"),
    /** "archive" (tar artifact per run) or "restic" (a snapshot per run in the location's repository; issue 14). */
    engine: text("engine", { enum: TARGET_ENGINES }).notNull().default("archive"),
    pathTemplate: text("path_template").notNull().default("{app}/{target}/{date}"),
    /** Storage root folder; null means the console default (settings). */
    storageRoot: text("storage_root"),
    keepDays: integer("keep_days").default(3),
    keepLast: integer("keep_last"),
    keepHourly: integer("keep_hourly"),
    keepDaily: integer("keep_daily"),
    keepWeekly: integer("keep_weekly"),
    keepMonthly: integer("keep_monthly"),
    keepYearly: integer("keep_yearly"),
    timeoutSeconds: integer("timeout_seconds").notNull().default(7200),
    enabled: bool("enabled").notNull().default(true),
    meta: text("meta", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** Secret key for healthchecks-style ping URLs (rotatable). */
    pingKey: text("ping_key").unique(),
    // No last-run columns: lib/engine/status/load-statuses.ts reads status, last run and size from runs
    // (one loader for every view, so they cannot disagree).
    /** The server that performs the backup (lib/engine/servers); null: Local, this machine. */
    serverId: integer("server_id").references(() => servers.id),
    /** Set while the target is overdue (the moment it became overdue); cleared on recovery. */
    overdueSince: ts("overdue_since"),
    /** The expected slot of that overdue episode: a counted success starting at or after it ends it as "recovered". */
    overdueSlot: ts("overdue_slot"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [uniqueIndex("targets_app_name").on(t.appId, t.name)],
);

export const SCHEDULE_KINDS = ["hourly", "daily", "weekly", "monthly", "cron", "manual"] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export const schedules = sqliteTable(
  "schedules",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    targetId: integer("target_id")
      .notNull()
      .references(() => targets.id, { onDelete: "cascade" }),
    /** "backup" runs a backup; "test_restore" restores the newest artifact into a scratch place. */
    purpose: text("purpose", { enum: ["backup", "test_restore"] }).notNull().default("backup"),
    kind: text("kind", { enum: SCHEDULE_KINDS }).notNull(),
    minute: integer("minute"),
    hour: integer("hour"),
    weekday: integer("weekday"),
    dayOfMonth: integer("day_of_month"),
    cronExpr: text("cron_expr"),
    timezone: text("timezone").notNull().default("Asia/Ho_Chi_Minh"),
    graceMinutes: integer("grace_minutes").notNull().default(60),
    enabled: bool("enabled").notNull().default(true),
    catchUp: bool("catch_up").notNull().default(false),
    retryMax: integer("retry_max").notNull().default(0),
    retryBackoffMinutes: integer("retry_backoff_minutes").notNull().default(5),
    nextRunAt: ts("next_run_at"),
    /**
     * When the schedule was created or last switched from disabled to enabled: the overdue rule
     * expects no backup before it. Null on rows older than the column means created_at.
     */
    enabledAt: ts("enabled_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [index("schedules_target").on(t.targetId)],
);

export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    targetId: integer("target_id")
      .notNull()
      .references(() => targets.id, { onDelete: "cascade" }),
    scheduleId: integer("schedule_id").references(() => schedules.id, { onDelete: "set null" }),
    /** The schedule slot this run serves; (schedule_id, scheduled_for) is unique so a slot runs once. */
    scheduledFor: ts("scheduled_for"),
    trigger: text("trigger", { enum: RUN_TRIGGERS }).notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    tokenId: integer("token_id"),
    retryOfRunId: integer("retry_of_run_id"),
    attempt: integer("attempt").notNull().default(1),
    /** For trigger "safety": the restore this safety backup protects. */
    restoreId: integer("restore_id"),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("queued"),
    queuedAt: ts("queued_at").notNull(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    durationMs: integer("duration_ms"),
    exitCode: integer("exit_code"),
    /**
     * Where the artifact is: its storage location and its key there (`artifact_path`, relative,
     * `/`-separated; see lib/engine/storage/backend.ts). Every read, write and delete goes through
     * the location's backend. `storage_root` is the location's folder when it is a local one, kept
     * for people and reports; nothing opens a file from it. Rows older than storage_id (null
     * there) are converted at start-up (lib/engine/storage/migrate-locations.ts).
     */
    storageId: integer("storage_id").references(() => storageLocations.id),
    storageRoot: text("storage_root"),
    artifactPath: text("artifact_path"),
    /** See lib/engine/storage/artifact-state.ts (present, pruning, deleting, pruned, deleted, missing…). */
    artifactState: text("artifact_state").notNull().default("none"),
    sizeBytes: integer("size_bytes"),
    sha256: text("sha256"),
    manifest: text("manifest", { mode: "json" }).$type<Record<string, unknown>>(),
    errorSummary: text("error_summary"),
    logPath: text("log_path"),
    bytesProcessed: integer("bytes_processed"),
    totalBytes: integer("total_bytes"),
    pinned: bool("pinned").notNull().default(false),
    pinnedUntil: ts("pinned_until"),
    verifiedAt: ts("verified_at"),
    verifyStatus: text("verify_status"),
    verifyMessage: text("verify_message"),
    /** A restic run's snapshot (lib/engine/restic/run-snapshot.ts): null for archive runs. */
    snapshot: text("snapshot", { mode: "json" }).$type<{ id: string; filesNew: number; filesChanged: number; filesUnmodified: number; dataAddedBytes: number; totalBytes: number }>(),
    /**
     * "backup": a run of the target's engine (archive or restic). "pitr-base": a PITR base backup
     * (lib/engine/pitr/base-backup.ts) — its files and WAL range are its pitr_base_backups row
     * (run_id), its artifact state "pitr" while stored; never downloaded, retried or restored as a dump.
     */
    kind: text("kind", { enum: RUN_KINDS }).notNull().default("backup"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("runs_schedule_slot").on(t.scheduleId, t.scheduledFor),
    index("runs_target_id").on(t.targetId, t.id),
    index("runs_status").on(t.status, t.id),
    index("runs_queued_at").on(t.queuedAt),
    index("runs_trigger").on(t.trigger, t.id),
    // The runs table sorts by these columns; without an index a deep page sorts all 100k rows (bench/dashboard.ts).
    index("runs_size_bytes").on(t.sizeBytes, t.id),
    index("runs_duration").on(t.durationMs, t.id),
    index("runs_started_at").on(t.startedAt, t.id),
    // "Does this location still hold artifacts?" (a location is never deleted under its runs).
    index("runs_storage").on(t.storageId, t.artifactState),
    // Storage used per target (dashboard, forecast, metrics) reads only the artifacts still on disk.
    index("runs_present").on(t.targetId, t.sizeBytes).where(sql`artifact_state = 'present'`),
  ],
);

export const RESTORE_STATUSES = ["queued", "running", "success", "failed", "cancelled", "interrupted"] as const;
export type RestoreStatus = (typeof RESTORE_STATUSES)[number];

export const restores = sqliteTable(
  "restores",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    targetId: integer("target_id")
      .notNull()
      .references(() => targets.id, { onDelete: "cascade" }),
    /** "restore" overwrites a destination; "test" restores into a scratch place and drops it. */
    kind: text("kind", { enum: ["restore", "test"] }).notNull().default("restore"),
    /** Destination: { mode: "original" } or { mode: "alternate", ... } (database name, folder). */
    destination: text("destination", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: RESTORE_STATUSES }).notNull().default("queued"),
    safetyRunId: integer("safety_run_id"),
    safetyOverride: bool("safety_override").notNull().default(false),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    queuedAt: ts("queued_at").notNull(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    durationMs: integer("duration_ms"),
    errorSummary: text("error_summary"),
    logPath: text("log_path"),
    createdAt: createdAt(),
  },
  (t) => [index("restores_target").on(t.targetId, t.id)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: ts("at").notNull(),
    /** user | token | scheduler | system | ping | cli */
    actorType: text("actor_type").notNull(),
    actorId: integer("actor_id"),
    actorLabel: text("actor_label"),
    action: text("action").notNull(),
    entityType: text("entity_type"),
    entityId: text("entity_id"),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    ip: text("ip"),
  },
  (t) => [
    index("audit_at").on(t.at),
    index("audit_action").on(t.action),
    index("audit_entity").on(t.entityType, t.entityId),
  ],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).$type<unknown>().notNull(),
  updatedAt: ts("updated_at"),
});

export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  /** sha256 of the token; the token itself is shown once. */
  tokenHash: text("token_hash").notNull().unique(),
  prefix: text("prefix").notNull(),
  /** null = all apps; else a JSON array of app ids the token may see. */
  appIds: text("app_ids", { mode: "json" }).$type<number[] | null>(),
  expiresAt: ts("expires_at"),
  lastUsedAt: ts("last_used_at"),
  revokedAt: ts("revoked_at"),
  createdBy: integer("created_by"),
  createdAt: createdAt(),
});

/** Things that happened and that notifications may send (an outbox). */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: ts("at").notNull(),
    /** run.failed | run.partial | target.overdue | target.recovered | restore.success | restore.failed | test_restore.failed | storage.forecast */
    type: text("type").notNull(),
    targetId: integer("target_id"),
    runId: integer("run_id"),
    restoreId: integer("restore_id"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>(),
    dispatchedAt: ts("dispatched_at"),
  },
  (t) => [index("events_at").on(t.at), index("events_pending").on(t.dispatchedAt)],
);

export const notificationChannels = sqliteTable("notification_channels", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** A notifier transport's type (lib/engine/notify/transports/registry.ts). */
  type: text("type").notNull(),
  /** Non-secret config (SMTP host/port/from/to, webhook URL without secret, slack flag). */
  config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  secretEnc: text("secret_enc"),
  eventTypes: text("event_types", { mode: "json" }).$type<string[]>().notNull(),
  appIds: text("app_ids", { mode: "json" }).$type<number[] | null>(),
  targetIds: text("target_ids", { mode: "json" }).$type<number[] | null>(),
  digest: bool("digest").notNull().default(false),
  enabled: bool("enabled").notNull().default(true),
  createdAt: createdAt(),
  updatedAt: ts("updated_at"),
});

export const notificationDeliveries = sqliteTable(
  "notification_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channelId: integer("channel_id")
      .notNull()
      .references(() => notificationChannels.id, { onDelete: "cascade" }),
    eventId: integer("event_id"),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    lastError: text("last_error"),
    sentAt: ts("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("deliveries_pending").on(t.status, t.nextAttemptAt),
    // One delivery per (channel, event): an event is never sent twice to a channel (nulls = test sends).
    uniqueIndex("deliveries_channel_event").on(t.channelId, t.eventId),
  ],
);

/** Daily samples of storage use, for the storage trend and the "full in N days" forecast. */
export const storageSamples = sqliteTable(
  "storage_samples",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: ts("at").notNull(),
    storageRoot: text("storage_root").notNull(),
    usedBytes: integer("used_bytes").notNull(),
    freeBytes: integer("free_bytes").notNull(),
    totalBytes: integer("total_bytes").notNull(),
  },
  (t) => [index("storage_samples_at").on(t.storageRoot, t.at)],
);

/** The storage forecast warning per volume, so "storage.forecast" is recorded once per episode. */
export const storageForecastState = sqliteTable("storage_forecast_state", {
  volumeKey: text("volume_key").primaryKey(),
  warning: bool("warning").notNull().default(false),
  daysUntilFull: integer("days_until_full"),
  /** When the current warning episode began (null while not warning). */
  since: ts("since"),
  checkedAt: ts("checked_at").notNull(),
});

export * from "./schema-sign-in";
export * from "./schema-tasks";

/**
 * Artifact files left on disk by a deleted target or app (its runs are gone, the files are not):
 * listed on /storage as "not belonging to any target", counted in the storage totals, deleted
 * there by an admin. Recorded in the deleting transaction, so no file is ever silently untracked.
 */
export const orphanArtifacts = sqliteTable(
  "orphan_artifacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The location and key of the file (storage_root: the location's folder when local, for display). */
    storageId: integer("storage_id").references(() => storageLocations.id),
    storageRoot: text("storage_root").notNull(),
    /** The key inside the location (checked by checkKey before any deletion). */
    artifactPath: text("artifact_path").notNull(),
    /**
     * A restic snapshot of a deleted target (in the repository of the location storage_id; issue 14):
     * deleting it is `restic forget` there (the data goes with the weekly prune), never a file delete.
     * artifact_path then only names it for people.
     */
    snapshotId: text("snapshot_id"),
    /** Set when an admin's delete began (two phases: marked, object deleted, row removed); the sweep finishes it. */
    deletingSince: ts("deleting_since"),
    sizeBytes: integer("size_bytes"),
    sha256: text("sha256"),
    appName: text("app_name").notNull(),
    targetName: text("target_name").notNull(),
    /** The deleted run's id and trigger, and when its backup was taken. */
    runId: integer("run_id"),
    trigger: text("trigger", { enum: RUN_TRIGGERS }),
    takenAt: ts("taken_at"),
    orphanedAt: ts("orphaned_at").notNull(),
  },
  (t) => [index("orphan_artifacts_root").on(t.storageRoot)],
);

export type User = typeof users.$inferSelect;
export type App = typeof apps.$inferSelect;
export type Target = typeof targets.$inferSelect;
export type NewTarget = typeof targets.$inferInsert;
export type Schedule = typeof schedules.$inferSelect;
export type Run = typeof runs.$inferSelect;
export type Restore = typeof restores.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type NotificationChannel = typeof notificationChannels.$inferSelect;
export type OrphanArtifact = typeof orphanArtifacts.$inferSelect;

/**
 * THE status words of each target, stored when something changes instead of computed per request
 * (lib/engine/status/stored.ts). One row per target, exactly what statusSummary() returns for it at
 * any moment in [computed_at, valid_until): after that a slot or a grace deadline passes and the row
 * is recomputed (the scheduler tick; a read computes such a row in memory meanwhile). Database
 * triggers (migration 0010) set `stale` whenever a run, schedule or the target's own state changes,
 * so a write that forgot to refresh can never be read as current.
 */
export const targetStatus = sqliteTable(
  "target_status",
  {
    targetId: integer("target_id")
      .primaryKey()
      .references(() => targets.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    overdueSince: ts("overdue_since"),
    expectedAt: ts("expected_at"),
    nextRunAt: ts("next_run_at"),
    lastRunId: integer("last_run_id"),
    lastRunStatus: text("last_run_status").$type<RunStatus>(),
    lastRunAt: ts("last_run_at"),
    lastSuccessAt: ts("last_success_at"),
    lastSizeBytes: integer("last_size_bytes"),
    lastDurationMs: integer("last_duration_ms"),
    lastError: text("last_error"),
    activeRunId: integer("active_run_id"),
    activeRunStatus: text("active_run_status").$type<"queued" | "running">(),
    activeStartedAt: ts("active_started_at"),
    computedAt: ts("computed_at").notNull(),
    /** The first moment the words change by time alone (a slot or a deadline); null: never. */
    validUntil: ts("valid_until"),
    stale: bool("stale").notNull().default(false),
  },
  (t) => [index("target_status_refresh").on(t.stale, t.validUntil)],
);
export type TargetStatusRow = typeof targetStatus.$inferSelect;


