ALTER TABLE `runs` ADD `kind` text DEFAULT 'backup' NOT NULL;--> statement-breakpoint
ALTER TABLE `pitr_base_backups` ADD `run_id` integer;