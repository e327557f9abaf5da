CREATE TABLE `orphan_artifacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storage_root` text NOT NULL,
	`artifact_path` text NOT NULL,
	`size_bytes` integer,
	`sha256` text,
	`app_name` text NOT NULL,
	`target_name` text NOT NULL,
	`run_id` integer,
	`trigger` text,
	`taken_at` integer,
	`orphaned_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `orphan_artifacts_root` ON `orphan_artifacts` (`storage_root`);