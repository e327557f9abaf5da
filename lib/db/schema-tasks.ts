import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, ts } from "./columns";

export const TASK_STATUSES = ["queued", "running", "done", "failed", "cancelled", "interrupted"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * Queued work of the kinds that have no table of their own (a retention prune of one target, the
 * sweeps; later an offsite copy or a repository check). Backups and restores are their own task
 * records (runs, restores): a second status for them here could disagree with theirs after a
 * crash. `kind` names an entry of lib/engine/tasks/registry.ts; `owner` is the engine instance
 * that claimed it (boot id / pid / start time), so start-up recovery leaves a live console's work alone.
 */
export const tasks = sqliteTable(
  "tasks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    targetId: integer("target_id"),
    /** Higher first; see PRIORITY in lib/engine/tasks/task-kind.ts. */
    priority: integer("priority").notNull().default(0),
    status: text("status", { enum: TASK_STATUSES }).notNull().default("queued"),
    params: text("params", { mode: "json" }).$type<Record<string, unknown>>(),
    owner: text("owner"),
    queuedAt: ts("queued_at").notNull(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    progressDone: integer("progress_done"),
    progressTotal: integer("progress_total"),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [
    index("tasks_status").on(t.status, t.priority, t.id),
    // "Is one of this kind already queued for this target?" (a second prune request adds nothing).
    index("tasks_kind_target").on(t.kind, t.targetId, t.status),
  ],
);

/**
 * "Stop this task" for work that runs in another console process on the same database (the CLI's
 * restore, a second console): that process polls for requests naming its running tasks. `ref` is
 * the id in the kind's own table (run id, restore id, task id).
 */
export const taskCancelRequests = sqliteTable(
  "task_cancel_requests",
  {
    kind: text("kind").notNull(),
    ref: integer("ref").notNull(),
    reason: text("reason").notNull(),
    requestedAt: ts("requested_at").notNull(),
  },
  (t) => [uniqueIndex("task_cancel_requests_ref").on(t.kind, t.ref)],
);

export type Task = typeof tasks.$inferSelect;
