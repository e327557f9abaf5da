ALTER TABLE `schedules` ADD `enabled_at` integer;--> statement-breakpoint
-- Existing schedules have promised backups since they were created.
UPDATE `schedules` SET `enabled_at` = `created_at`;--> statement-breakpoint
ALTER TABLE `schedules` DROP COLUMN `last_run_id`;--> statement-breakpoint
ALTER TABLE `schedules` DROP COLUMN `last_run_at`;--> statement-breakpoint
ALTER TABLE `schedules` DROP COLUMN `last_run_status`;--> statement-breakpoint
ALTER TABLE `targets` ADD `overdue_slot` integer;--> statement-breakpoint
ALTER TABLE `targets` DROP COLUMN `last_run_id`;--> statement-breakpoint
ALTER TABLE `targets` DROP COLUMN `last_run_at`;--> statement-breakpoint
ALTER TABLE `targets` DROP COLUMN `last_status`;--> statement-breakpoint
ALTER TABLE `targets` DROP COLUMN `last_success_at`;--> statement-breakpoint
ALTER TABLE `targets` DROP COLUMN `last_size_bytes`;--> statement-breakpoint
ALTER TABLE `targets` DROP COLUMN `last_duration_ms`;--> statement-breakpoint
ALTER TABLE `targets` DROP COLUMN `last_error`;