import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type DbOrTx } from "../db/client";
import { settings } from "../db/schema";
import { env } from "../env";
import { dataDirError } from "../data-dir";
import { isValidTimezone } from "./timezone";

/** Console-wide defaults (admin, Settings page). Changes apply at once: read them per use. */
export const settingsSchema = z.object({
  defaultTimezone: z
    .string()
    .trim()
    .refine(isValidTimezone, "Unknown timezone (use an IANA name such as Asia/Ho_Chi_Minh)"),
  maxParallelRuns: z.coerce.number().int().min(1, "At least 1").max(32, "At most 32"),
  retentionSweepTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24 h)"),
  defaultStorageDir: z
    .string()
    .trim()
    .min(1)
    .refine((p) => path.isAbsolute(p), "Use an absolute path")
    .superRefine((p, ctx) => {
      const msg = path.isAbsolute(p) ? dataDirError(p, "storage folder", { allowInside: true }) : null;
      if (msg) ctx.addIssue({ code: "custom", message: msg });
    }),
  uploadMaxBytes: z.coerce.number().int().min(1024 * 1024),
  metricsEnabled: z.boolean(),
  /** null = open when enabled; else sha256 of the bearer token (see the metrics route). */
  metricsTokenHash: z.string().nullable(),
  forecastWarnDays: z.coerce.number().int().min(1).max(3650),
  safetyPinDays: z.coerce.number().int().min(0).max(365),
  /** Offsite copies re-read and checked by each daily scrub (least recently checked first); 0 turns the scrub off. */
  scrubSample: z.coerce.number().int().min(0, "0 (off) or more").max(1000, "At most 1000"),
});
export type Settings = z.infer<typeof settingsSchema>;

export function defaultSettings(): Settings {
  return {
    defaultTimezone: "Asia/Ho_Chi_Minh",
    maxParallelRuns: env().LIFEBOAT_MAX_PARALLEL_RUNS ?? 2,
    retentionSweepTime: "04:00",
    defaultStorageDir: env().LIFEBOAT_STORAGE_DIR
      ? path.resolve(env().LIFEBOAT_STORAGE_DIR!)
      : path.join(env().dataDir, "backups"),
    uploadMaxBytes: 20 * 1024 * 1024 * 1024,
    metricsEnabled: false,
    metricsTokenHash: null,
    forecastWarnDays: 14,
    safetyPinDays: 7,
    scrubSample: 5,
  };
}

export function getSettings(db: DbOrTx = getDb()): Settings {
  const rows = db.select().from(settings).all();
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  return { ...defaultSettings(), ...stored } as Settings;
}

export function getSetting<K extends keyof Settings>(key: K, db: DbOrTx = getDb()): Settings[K] {
  const row = db.select().from(settings).where(eq(settings.key, key)).get();
  return (row?.value as Settings[K] | undefined) ?? defaultSettings()[key];
}
