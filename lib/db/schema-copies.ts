import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, ts } from "./columns";
import { runs, storageLocations, targets } from "./schema";

/**
 * Where a target's artifacts go (issue 13b): one primary location (the backup writes there) and
 * any number of copy locations, each with its own retention; one run_copies row per run and copy
 * location. Its own file, listed in drizzle.config.ts; it imports schema.ts, never the other way
 * round (no import circle).
 */

/** A target's primary location and its offsite limit; no row = the default local location, 26 h. */
export const targetStorage = sqliteTable("target_storage", {
  targetId: integer("target_id")
    .primaryKey()
    .references(() => targets.id, { onDelete: "cascade" }),
  /** Null = the console's default local location (Settings' storage folder). */
  primaryStorageId: integer("primary_storage_id").references(() => storageLocations.id),
  /** copy.lagging when the newest offsite copy is older than this. */
  lagLimitHours: integer("lag_limit_hours"),
});

/** A copy location of a target, with the retention of the copies kept there (null rules: keep all). */
export const targetCopies = sqliteTable(
  "target_copies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    targetId: integer("target_id")
      .notNull()
      .references(() => targets.id, { onDelete: "cascade" }),
    storageId: integer("storage_id")
      .notNull()
      .references(() => storageLocations.id),
    position: integer("position").notNull().default(0),
    keepDays: integer("keep_days"),
    keepLast: integer("keep_last"),
    keepDaily: integer("keep_daily"),
    keepWeekly: integer("keep_weekly"),
    keepMonthly: integer("keep_monthly"),
    keepYearly: integer("keep_yearly"),
  },
  (t) => [uniqueIndex("target_copies_target_storage").on(t.targetId, t.storageId)],
);

export const COPY_STATUSES = ["pending", "copying", "copied", "failed", "pruning", "pruned"] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

/**
 * One copy of a run's artifact in one location. `key` is the object there (the run's key, plus
 * `.age` when encrypted). `sha256` is the stored object's, `plainSha256` the artifact's (the run's
 * sha256, checked while streaming). `pruning` is the mark of the two-phase delete (shown as pruned).
 */
export const runCopies = sqliteTable(
  "run_copies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    targetId: integer("target_id").notNull(),
    storageId: integer("storage_id")
      .notNull()
      .references(() => storageLocations.id),
    status: text("status", { enum: COPY_STATUSES }).notNull().default("pending"),
    key: text("key"),
    encryption: text("encryption", { enum: ["none", "age"] }).notNull().default("none"),
    sizeBytes: integer("size_bytes"),
    sha256: text("sha256"),
    plainSha256: text("plain_sha256"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    /** The tasks row copying it (the queue's item). */
    taskId: integer("task_id"),
    queuedAt: ts("queued_at").notNull(),
    startedAt: ts("started_at"),
    copiedAt: ts("copied_at"),
    /**
     * A copy of a restic run (issue 14): the snapshot `restic copy` made in the copy location's own
     * repository (full id). Null for an artifact copy, which is the object under `key` instead.
     */
    snapshotId: text("snapshot_id"),
    /** Last scrub: when, and whether the re-read sha256 matched. */
    scrubbedAt: ts("scrubbed_at"),
    scrubOk: integer("scrub_ok", { mode: "boolean" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("run_copies_run_storage").on(t.runId, t.storageId),
    index("run_copies_target").on(t.targetId, t.status),
    index("run_copies_storage").on(t.storageId, t.status),
  ],
);

export type TargetCopy = typeof targetCopies.$inferSelect;
export type RunCopy = typeof runCopies.$inferSelect;
