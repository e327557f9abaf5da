CREATE TABLE `storage_forecast_state` (
	`volume_key` text PRIMARY KEY NOT NULL,
	`warning` integer DEFAULT false NOT NULL,
	`days_until_full` integer,
	`since` integer,
	`checked_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `runs_present` ON `runs` (`target_id`,`size_bytes`) WHERE artifact_state = 'present';