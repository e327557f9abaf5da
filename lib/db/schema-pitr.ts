import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bool, ts } from "./columns";
import { targets } from "./schema";

/**
 * Point-in-time recovery (issue 15): the WAL a target's stream stored, its base backups, and one
 * row per streaming target (the lease that keeps two consoles from streaming one target, and the
 * state the target page shows). Its own file, listed in drizzle.config.ts, so the PITR tables do
 * not crowd schema.ts; it imports schema.ts, never the other way round (no import circle).
 */

export const PITR_STATES = ["starting", "streaming", "lagging", "stopped"] as const;
export type PitrState = (typeof PITR_STATES)[number];

/** One stored WAL segment (or timeline history file), compressed under `key` on the target's location. */
export const pitrWal = sqliteTable(
  "pitr_wal",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    targetId: integer("target_id")
      .notNull()
      .references(() => targets.id, { onDelete: "cascade" }),
    /**
     * The file name PostgreSQL asks restore_command for: 24 hex digits, or `0000000N.history`; a
     * `<segment>.partial` is the newest snapshot of the segment pg_receivewal is still writing.
     */
    name: text("name").notNull(),
    kind: text("kind", { enum: ["segment", "history", "partial"] }).notNull(),
    timeline: integer("timeline").notNull(),
    /** Segment number on its timeline (log id × segments per id + segment); null for history files. */
    segNo: integer("seg_no"),
    segSize: integer("seg_size"),
    key: text("key").notNull(),
    /** Bytes of the uncompressed file, and its sha256 (checked when a restore fetches it). */
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    storedSize: integer("stored_size").notNull(),
    /** When the segment was complete on this console: no record in it is newer than this. */
    receivedAt: ts("received_at").notNull(),
    /** Retention marked it (phase 1 of a two-phase delete): restores ignore it; the row goes after the object. */
    deletingAt: ts("deleting_at"),
  },
  (t) => [
    uniqueIndex("pitr_wal_name").on(t.targetId, t.name),
    index("pitr_wal_seg").on(t.targetId, t.timeline, t.segNo),
  ],
);

export interface PitrBackupFile {
  name: string;
  key: string;
  size: number;
  storedSize: number;
  sha256: string;
}

/** A `pg_basebackup -Ft -X none` copy, with the WAL range a restore from it needs. */
export const pitrBaseBackups = sqliteTable(
  "pitr_base_backups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    targetId: integer("target_id")
      .notNull()
      .references(() => targets.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["running", "success", "failed"] }).notNull(),
    files: text("files", { mode: "json" }).$type<PitrBackupFile[]>().notNull().default(sql`'[]'`),
    timeline: integer("timeline"),
    startLsn: text("start_lsn"),
    endLsn: text("end_lsn"),
    /** First and last WAL segment the copy needs (from backup_label and the manifest's WAL range). */
    startWal: text("start_wal"),
    endWal: text("end_wal"),
    walSegSize: integer("wal_seg_size"),
    startedAt: ts("started_at").notNull(),
    /** The copy is consistent from here on: the earliest moment a restore from it can reach. */
    finishedAt: ts("finished_at"),
    sizeBytes: integer("size_bytes"),
    error: text("error"),
    /** The pitr-base-backup task that took it (its log). */
    taskId: integer("task_id"),
    /** Its row in `runs` (kind "pitr-base"): the target's run list, status and size show it there. */
    runId: integer("run_id"),
    /** Retention marked it (phase 1 of a two-phase delete): restores ignore it; the row goes after the objects. */
    deletingAt: ts("deleting_at"),
  },
  (t) => [index("pitr_base_target").on(t.targetId, t.finishedAt)],
);

/** One row per target that streams WAL: its lease (owner + heartbeat) and what the page shows. */
export const pitrStreams = sqliteTable("pitr_streams", {
  targetId: integer("target_id")
    .primaryKey()
    .references(() => targets.id, { onDelete: "cascade" }),
  /** The console holding the lease ("<pid>@<host>:<start>"); null when released. */
  owner: text("owner"),
  heartbeatAt: ts("heartbeat_at"),
  state: text("state", { enum: PITR_STATES }).notNull().default("stopped"),
  stateSince: ts("state_since"),
  lastWalAt: ts("last_wal_at"),
  /** How far the server has written and how far we received (pg_stat_replication), as LSN text. */
  serverLsn: text("server_lsn"),
  receivedLsn: text("received_lsn"),
  slotRetainedBytes: integer("slot_retained_bytes"),
  restarts: integer("restarts").notNull().default(0),
  /** The last time streaming was interrupted: from the receiver's death to streaming again. */
  lastGapFrom: ts("last_gap_from"),
  lastGapMs: integer("last_gap_ms"),
  lastError: text("last_error"),
});

/**
 * A target's PITR setting (`"pitr": { "enabled": true }` in the target body). Its own table so the
 * hot targets table stays as it is; the location is fixed when PITR is turned on (a later change
 * of the target's storage does not split its WAL across two places).
 */
export const pitrTargets = sqliteTable("pitr_targets", {
  targetId: integer("target_id")
    .primaryKey()
    .references(() => targets.id, { onDelete: "cascade" }),
  enabled: bool("enabled").notNull().default(false),
  storageId: integer("storage_id"),
  /** Base backups are taken this often (default daily). */
  baseEveryHours: integer("base_every_hours").notNull().default(24),
  enabledAt: ts("enabled_at"),
  updatedAt: ts("updated_at"),
});

export type PitrTarget = typeof pitrTargets.$inferSelect;
export type PitrWal = typeof pitrWal.$inferSelect;
export type PitrBaseBackup = typeof pitrBaseBackups.$inferSelect;
export type PitrStream = typeof pitrStreams.$inferSelect;

/**
 * PITR offsite (issue 15 × issue 13): one row per WAL file or base backup copied to one of the
 * target's copy locations. Self-contained — the WAL name, range and checksums are kept here, not
 * read from pitr_wal / pitr_base_backups — so a copy location can be planned and restored from
 * after the primary's rows and objects are gone (the primary's retention, a lost folder), and
 * each location's retention deletes only its own. `sha256`/`size` are of the UNCOMPRESSED file
 * (what a restore checks after zstd -d); `storedSha256`/`storedSize` of the object at the
 * location (zstd, then age when the location encrypts). A base backup's `base` holds its
 * pitr_base_backups row with the files' keys at this location.
 */
export const pitrCopies = sqliteTable(
  "pitr_copies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    targetId: integer("target_id")
      .notNull()
      .references(() => targets.id, { onDelete: "cascade" }),
    storageId: integer("storage_id").notNull(),
    kind: text("kind", { enum: ["segment", "history", "base"] }).notNull(),
    /** The WAL file name, or `base-<id>` for a base backup (id of the primary's pitr_base_backups row). */
    name: text("name").notNull(),
    baseBackupId: integer("base_backup_id"),
    /** The object at the location (WAL); null for a base backup (its files carry their keys). */
    key: text("key"),
    encryption: text("encryption", { enum: ["none", "age"] }).notNull().default("none"),
    timeline: integer("timeline").notNull(),
    segNo: integer("seg_no"),
    segSize: integer("seg_size"),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    storedSize: integer("stored_size").notNull(),
    storedSha256: text("stored_sha256"),
    /** A WAL file: when it was complete (no record in it is newer); a base backup: when it was consistent. */
    receivedAt: ts("received_at").notNull(),
    base: text("base", { mode: "json" }).$type<PitrCopiedBase | null>(),
    copiedAt: ts("copied_at").notNull(),
    /** This location's retention marked it: restores ignore it; the row goes after the object(s). */
    deletingAt: ts("deleting_at"),
  },
  (t) => [uniqueIndex("pitr_copies_name").on(t.targetId, t.storageId, t.name), index("pitr_copies_seg").on(t.targetId, t.storageId, t.timeline, t.segNo)],
);

/** A copied base backup: what a restore plan needs of it, its files keyed at the copy location. */
export interface PitrCopiedBase {
  id: number;
  timeline: number;
  startLsn: string | null;
  endLsn: string | null;
  startWal: string;
  endWal: string;
  walSegSize: number;
  startedAt: string;
  finishedAt: string;
  runId: number | null;
  files: (PitrBackupFile & { storedSha256: string })[];
}

export type PitrCopy = typeof pitrCopies.$inferSelect;
