CREATE TABLE `pitr_targets` (
	`target_id` integer PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`storage_id` integer,
	`base_every_hours` integer DEFAULT 24 NOT NULL,
	`enabled_at` integer,
	`updated_at` integer,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `pitr_base_backups` ADD `task_id` integer;--> statement-breakpoint
ALTER TABLE `pitr_base_backups` ADD `deleting_at` integer;--> statement-breakpoint
ALTER TABLE `pitr_wal` ADD `deleting_at` integer;