CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`app_ids` text,
	`expires_at` integer,
	`last_used_at` integer,
	`revoked_at` integer,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `apps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `apps_name_unique` ON `apps` (`name`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` integer,
	`actor_label` text,
	`action` text NOT NULL,
	`entity_type` text,
	`entity_id` text,
	`before` text,
	`after` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_action` ON `audit_log` (`action`);--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`target_id` integer,
	`run_id` integer,
	`restore_id` integer,
	`payload` text,
	`dispatched_at` integer
);
--> statement-breakpoint
CREATE INDEX `events_at` ON `events` (`at`);--> statement-breakpoint
CREATE INDEX `events_pending` ON `events` (`dispatched_at`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`first_failure_at` integer,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `notification_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`config` text NOT NULL,
	`secret_enc` text,
	`event_types` text NOT NULL,
	`app_ids` text,
	`target_ids` text,
	`digest` integer DEFAULT false NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE TABLE `notification_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`event_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `notification_channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `deliveries_pending` ON `notification_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `restores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`target_id` integer NOT NULL,
	`kind` text DEFAULT 'restore' NOT NULL,
	`destination` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`safety_run_id` integer,
	`safety_override` integer DEFAULT false NOT NULL,
	`user_id` integer,
	`queued_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`duration_ms` integer,
	`error_summary` text,
	`log_path` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `restores_target` ON `restores` (`target_id`,`id`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` integer NOT NULL,
	`schedule_id` integer,
	`scheduled_for` integer,
	`trigger` text NOT NULL,
	`user_id` integer,
	`token_id` integer,
	`retry_of_run_id` integer,
	`attempt` integer DEFAULT 1 NOT NULL,
	`restore_id` integer,
	`status` text DEFAULT 'queued' NOT NULL,
	`queued_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`duration_ms` integer,
	`exit_code` integer,
	`storage_root` text,
	`artifact_path` text,
	`artifact_state` text DEFAULT 'none' NOT NULL,
	`size_bytes` integer,
	`sha256` text,
	`manifest` text,
	`error_summary` text,
	`log_path` text,
	`bytes_processed` integer,
	`total_bytes` integer,
	`pinned` integer DEFAULT false NOT NULL,
	`pinned_until` integer,
	`verified_at` integer,
	`verify_status` text,
	`verify_message` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runs_schedule_slot` ON `runs` (`schedule_id`,`scheduled_for`);--> statement-breakpoint
CREATE INDEX `runs_target_id` ON `runs` (`target_id`,`id`);--> statement-breakpoint
CREATE INDEX `runs_status` ON `runs` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `runs_queued_at` ON `runs` (`queued_at`);--> statement-breakpoint
CREATE INDEX `runs_trigger` ON `runs` (`trigger`,`id`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` integer NOT NULL,
	`purpose` text DEFAULT 'backup' NOT NULL,
	`kind` text NOT NULL,
	`minute` integer,
	`hour` integer,
	`weekday` integer,
	`day_of_month` integer,
	`cron_expr` text,
	`timezone` text DEFAULT 'Asia/Ho_Chi_Minh' NOT NULL,
	`grace_minutes` integer DEFAULT 60 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`catch_up` integer DEFAULT false NOT NULL,
	`retry_max` integer DEFAULT 0 NOT NULL,
	`retry_backoff_minutes` integer DEFAULT 5 NOT NULL,
	`last_run_id` integer,
	`last_run_at` integer,
	`last_run_status` text,
	`next_run_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `schedules_target` ON `schedules` (`target_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE TABLE `storage_samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`storage_root` text NOT NULL,
	`used_bytes` integer NOT NULL,
	`free_bytes` integer NOT NULL,
	`total_bytes` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `storage_samples_at` ON `storage_samples` (`storage_root`,`at`);--> statement-breakpoint
CREATE TABLE `targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`app_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`type` text NOT NULL,
	`source` text NOT NULL,
	`secret_enc` text,
	`pre_hook` text,
	`post_hook` text,
	`compression` text DEFAULT 'zstd' NOT NULL,
	`path_template` text DEFAULT '{app}/{target}/{date}' NOT NULL,
	`storage_root` text,
	`keep_days` integer DEFAULT 3,
	`keep_last` integer,
	`keep_hourly` integer,
	`keep_daily` integer,
	`keep_weekly` integer,
	`keep_monthly` integer,
	`keep_yearly` integer,
	`timeout_seconds` integer DEFAULT 7200 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`meta` text DEFAULT '{}' NOT NULL,
	`ping_key` text,
	`last_run_id` integer,
	`last_run_at` integer,
	`last_status` text,
	`last_success_at` integer,
	`last_size_bytes` integer,
	`last_duration_ms` integer,
	`last_error` text,
	`overdue_since` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`app_id`) REFERENCES `apps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `targets_ping_key_unique` ON `targets` (`ping_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `targets_app_name` ON `targets` (`app_id`,`name`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'viewer' NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`last_sign_in_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);