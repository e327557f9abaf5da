CREATE TABLE `pitr_base_backups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` integer NOT NULL,
	`status` text NOT NULL,
	`files` text DEFAULT '[]' NOT NULL,
	`timeline` integer,
	`start_lsn` text,
	`end_lsn` text,
	`start_wal` text,
	`end_wal` text,
	`wal_seg_size` integer,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`size_bytes` integer,
	`error` text,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pitr_base_target` ON `pitr_base_backups` (`target_id`,`finished_at`);--> statement-breakpoint
CREATE TABLE `pitr_streams` (
	`target_id` integer PRIMARY KEY NOT NULL,
	`owner` text,
	`heartbeat_at` integer,
	`state` text DEFAULT 'stopped' NOT NULL,
	`state_since` integer,
	`last_wal_at` integer,
	`server_lsn` text,
	`received_lsn` text,
	`slot_retained_bytes` integer,
	`restarts` integer DEFAULT 0 NOT NULL,
	`last_gap_from` integer,
	`last_gap_ms` integer,
	`last_error` text,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pitr_wal` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`timeline` integer NOT NULL,
	`seg_no` integer,
	`seg_size` integer,
	`key` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`stored_size` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pitr_wal_name` ON `pitr_wal` (`target_id`,`name`);--> statement-breakpoint
CREATE INDEX `pitr_wal_seg` ON `pitr_wal` (`target_id`,`timeline`,`seg_no`);