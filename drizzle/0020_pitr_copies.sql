CREATE TABLE `pitr_copies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` integer NOT NULL,
	`storage_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`base_backup_id` integer,
	`key` text,
	`encryption` text DEFAULT 'none' NOT NULL,
	`timeline` integer NOT NULL,
	`seg_no` integer,
	`seg_size` integer,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`stored_size` integer NOT NULL,
	`stored_sha256` text,
	`received_at` integer NOT NULL,
	`base` text,
	`copied_at` integer NOT NULL,
	`deleting_at` integer,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pitr_copies_name` ON `pitr_copies` (`target_id`,`storage_id`,`name`);--> statement-breakpoint
CREATE INDEX `pitr_copies_seg` ON `pitr_copies` (`target_id`,`storage_id`,`timeline`,`seg_no`);