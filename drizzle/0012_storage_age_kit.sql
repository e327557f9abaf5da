CREATE TABLE `recovery_kit_exports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_label` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `storage_locations` ADD `age_recipient` text;--> statement-breakpoint
ALTER TABLE `storage_locations` ADD `age_identity_enc` text;--> statement-breakpoint
ALTER TABLE `storage_locations` ADD `age_extra_recipients` text DEFAULT '[]' NOT NULL;