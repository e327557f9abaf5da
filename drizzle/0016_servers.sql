CREATE TABLE `servers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`host` text NOT NULL,
	`port` integer DEFAULT 22 NOT NULL,
	`username` text NOT NULL,
	`auth` text NOT NULL,
	`secret_enc` text NOT NULL,
	`host_key_fingerprint` text,
	`seen_host_key` text,
	`max_parallel` integer DEFAULT 4 NOT NULL,
	`reachable` integer,
	`last_contact_at` integer,
	`unreachable_since` integer,
	`last_error` text,
	`tools` text,
	`free_bytes` integer,
	`checked_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `servers_name` ON `servers` (`name`);--> statement-breakpoint
ALTER TABLE `targets` ADD `server_id` integer REFERENCES servers(id);