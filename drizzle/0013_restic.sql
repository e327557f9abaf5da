CREATE TABLE `restic_repos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storage_id` integer NOT NULL,
	`password_enc` text NOT NULL,
	`initialized_at` integer,
	`revealed_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`storage_id`) REFERENCES `storage_locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `restic_repos_storage` ON `restic_repos` (`storage_id`);--> statement-breakpoint
ALTER TABLE `runs` ADD `snapshot` text;--> statement-breakpoint
ALTER TABLE `targets` ADD `engine` text DEFAULT 'archive' NOT NULL;