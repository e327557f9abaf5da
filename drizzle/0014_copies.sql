CREATE TABLE `run_copies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`target_id` integer NOT NULL,
	`storage_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`key` text,
	`encryption` text DEFAULT 'none' NOT NULL,
	`size_bytes` integer,
	`sha256` text,
	`plain_sha256` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`task_id` integer,
	`queued_at` integer NOT NULL,
	`started_at` integer,
	`copied_at` integer,
	`scrubbed_at` integer,
	`scrub_ok` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`storage_id`) REFERENCES `storage_locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `run_copies_run_storage` ON `run_copies` (`run_id`,`storage_id`);--> statement-breakpoint
CREATE INDEX `run_copies_target` ON `run_copies` (`target_id`,`status`);--> statement-breakpoint
CREATE INDEX `run_copies_storage` ON `run_copies` (`storage_id`,`status`);--> statement-breakpoint
CREATE TABLE `target_copies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` integer NOT NULL,
	`storage_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`keep_days` integer,
	`keep_last` integer,
	`keep_daily` integer,
	`keep_weekly` integer,
	`keep_monthly` integer,
	`keep_yearly` integer,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`storage_id`) REFERENCES `storage_locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `target_copies_target_storage` ON `target_copies` (`target_id`,`storage_id`);--> statement-breakpoint
CREATE TABLE `target_storage` (
	`target_id` integer PRIMARY KEY NOT NULL,
	`primary_storage_id` integer,
	`lag_limit_hours` integer,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`primary_storage_id`) REFERENCES `storage_locations`(`id`) ON UPDATE no action ON DELETE no action
);
