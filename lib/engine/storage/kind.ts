import type { z } from "zod";
import type { StorageBackend } from "./backend";

/**
 * One kind of storage (local folder; later S3, SFTP): how its settings are checked and how a
 * backend is made from a location row. Registered by one line in registry.ts.
 */
export interface StorageKind<S extends Record<string, unknown> = Record<string, unknown>> {
  kind: string;
  label: string;
  /** Every setting, secrets included, as the service receives them; parsed before create(). */
  settings: z.ZodType<S>;
  /** The settings sealed into storage_locations.secret_enc and never sent back (S3 secret key, SFTP password). */
  secretFields: string[];
  create(settings: S): StorageBackend;
  /** Where it is, in words (no secrets): "/srv/backups", "s3://bucket/prefix". */
  where(settings: S): string;
}
