CREATE TABLE `target_status` (
	`target_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`overdue_since` integer,
	`expected_at` integer,
	`next_run_at` integer,
	`last_run_id` integer,
	`last_run_status` text,
	`last_run_at` integer,
	`last_success_at` integer,
	`last_size_bytes` integer,
	`last_duration_ms` integer,
	`last_error` text,
	`active_run_id` integer,
	`active_run_status` text,
	`active_started_at` integer,
	`computed_at` integer NOT NULL,
	`valid_until` integer,
	`stale` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `target_status_refresh` ON `target_status` (`stale`,`valid_until`);--> statement-breakpoint
-- A stored status row is never read as current after what it was computed from changed, whoever wrote
-- the change: these mark it stale (lib/engine/status/stored.ts recomputes it in memory until refreshed).
CREATE TRIGGER `target_status_run_insert` AFTER INSERT ON `runs` BEGIN
  UPDATE `target_status` SET `stale` = 1 WHERE `target_id` = NEW.`target_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `target_status_run_update` AFTER UPDATE OF `status`, `trigger`, `target_id`, `queued_at`, `started_at`, `finished_at`, `duration_ms`, `size_bytes`, `error_summary` ON `runs` BEGIN
  UPDATE `target_status` SET `stale` = 1 WHERE `target_id` IN (OLD.`target_id`, NEW.`target_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `target_status_run_delete` AFTER DELETE ON `runs` BEGIN
  UPDATE `target_status` SET `stale` = 1 WHERE `target_id` = OLD.`target_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `target_status_schedule_insert` AFTER INSERT ON `schedules` BEGIN
  UPDATE `target_status` SET `stale` = 1 WHERE `target_id` = NEW.`target_id`;
END;
--> statement-breakpoint
-- Not next_run_at/updated_at: the scheduler rewrites next_run_at every tick and the status never reads it.
CREATE TRIGGER `target_status_schedule_update` AFTER UPDATE OF `target_id`, `purpose`, `kind`, `minute`, `hour`, `weekday`, `day_of_month`, `cron_expr`, `timezone`, `grace_minutes`, `enabled`, `enabled_at`, `created_at` ON `schedules` BEGIN
  UPDATE `target_status` SET `stale` = 1 WHERE `target_id` IN (OLD.`target_id`, NEW.`target_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `target_status_schedule_delete` AFTER DELETE ON `schedules` BEGIN
  UPDATE `target_status` SET `stale` = 1 WHERE `target_id` = OLD.`target_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `target_status_target_update` AFTER UPDATE OF `enabled` ON `targets` BEGIN
  UPDATE `target_status` SET `stale` = 1 WHERE `target_id` = NEW.`id`;
END;
