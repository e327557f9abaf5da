CREATE TABLE `task_cancel_requests` (
	`kind` text NOT NULL,
	`ref` integer NOT NULL,
	`reason` text NOT NULL,
	`requested_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_cancel_requests_ref` ON `task_cancel_requests` (`kind`,`ref`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`target_id` integer,
	`priority` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`params` text,
	`owner` text,
	`queued_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`progress_done` integer,
	`progress_total` integer,
	`error` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tasks_status` ON `tasks` (`status`,`priority`,`id`);--> statement-breakpoint
CREATE INDEX `tasks_kind_target` ON `tasks` (`kind`,`target_id`,`status`);