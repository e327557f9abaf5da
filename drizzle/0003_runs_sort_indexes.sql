CREATE INDEX `runs_size_bytes` ON `runs` (`size_bytes`,`id`);--> statement-breakpoint
CREATE INDEX `runs_duration` ON `runs` (`duration_ms`,`id`);--> statement-breakpoint
CREATE INDEX `runs_started_at` ON `runs` (`started_at`,`id`);