CREATE TABLE `storage_locations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`settings` text NOT NULL,
	`secret_enc` text,
	`encryption` text DEFAULT 'none' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `storage_locations_name` ON `storage_locations` (`name`);--> statement-breakpoint
ALTER TABLE `orphan_artifacts` ADD `storage_id` integer REFERENCES storage_locations(id);--> statement-breakpoint
ALTER TABLE `orphan_artifacts` ADD `deleting_since` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `storage_id` integer REFERENCES storage_locations(id);--> statement-breakpoint
CREATE INDEX `runs_storage` ON `runs` (`storage_id`,`artifact_state`);