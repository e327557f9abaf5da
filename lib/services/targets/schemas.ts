import { z } from "zod";
import { COMPRESSIONS, TARGET_ENGINES, TARGET_TYPES } from "../../db/schema";
import { JSON_MAX_DEPTH, valueDepthExceeds } from "../../json/depth";
import { storageInput } from "./storage-input";

/**
 * Target input, in the shape of the API contract (issue 7). `source` is checked per type in
 * validate.ts (sourceSchemas), because its shape depends on `type`.
 */
export const TARGET_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const DEFAULT_PATH_TEMPLATE = "{app}/{target}/{date}";
export const DEFAULT_KEEP_DAYS = 3;
export const RETENTION_KEYS = ["keepDays", "keepLast", "keepHourly", "keepDaily", "keepWeekly", "keepMonthly", "keepYearly"] as const;
export type RetentionKey = (typeof RETENTION_KEYS)[number];

// Forms send "" for an empty number box: that means "no limit" (null), not 0.
const count = z.preprocess(
  (v) => (v === "" || v === null ? null : typeof v === "string" ? Number(v) : v),
  z.number("Enter a whole number").int("Enter a whole number").min(0, "Use 0 or more").max(100_000, "Too large").nullable(),
);

export const retentionInput = z.object(Object.fromEntries(RETENTION_KEYS.map((k) => [k, count.optional()])) as Record<RetentionKey, z.ZodOptional<typeof count>>);
export type RetentionInput = z.infer<typeof retentionInput>;

const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

const optAbsPath = (what: string) =>
  optText(1000).refine((p) => p === null || p.startsWith("/"), `The ${what} must be an absolute path`);

/** meta: a JSON object, given as an object (API) or as JSON text (form). */
export const metaInput = z.unknown().transform((v, ctx): Record<string, unknown> => {
  let value = v;
  if (v == null || (typeof v === "string" && v.trim() === "")) return {};
  if (typeof v === "string") {
    try {
      value = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: "custom", message: "meta must be a JSON object, e.g. {\"owner\": \"ops\"}" });
      return z.NEVER;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: "meta must be a JSON object (not an array or a plain value)" });
    return z.NEVER;
  }
  if (valueDepthExceeds(value, JSON_MAX_DEPTH - 1)) {
    ctx.addIssue({ code: "custom", message: `meta is nested deeper than ${JSON_MAX_DEPTH - 1} levels` });
    return z.NEVER;
  }
  return value as Record<string, unknown>;
});

const fields = {
  appId: z.coerce.number("Choose an app").int().positive("Choose an app"),
  name: z
    .string()
    .trim()
    .min(1, "Enter a name")
    .max(100, "Use at most 100 characters")
    .regex(TARGET_NAME_RE, "Use letters, digits, _ . - (no spaces; it becomes part of the storage path)")
    .refine((n) => !n.includes(".."), "A name cannot contain .."),
  description: optText(1000),
  type: z.enum(TARGET_TYPES, "Choose a type"),
  source: z.record(z.string(), z.unknown(), "Give the source settings"),
  compression: z.enum(COMPRESSIONS, "Choose none, gzip or zstd"),
  /** "archive" (a tar artifact per run) or "restic" (a snapshot per run; issue 14). */
  engine: z.enum(TARGET_ENGINES, "Choose archive or restic"),
  pathTemplate: z.string().trim().min(1, "Enter a path template"),
  retention: retentionInput,
  enabled: z.boolean(),
  preHook: optAbsPath("pre-hook"),
  postHook: optAbsPath("post-hook"),
  timeoutSeconds: z.coerce.number("Enter seconds").int().min(10, "At least 10 seconds").max(7 * 86_400, "At most 7 days"),
  storageRoot: optAbsPath("storage folder"),
  meta: metaInput,
  storage: storageInput,
  /** The server that performs the backup (lib/engine/servers); null: Local. */
  serverId: z.preprocess((v) => (v === "" || v === "local" ? null : v), z.coerce.number("Choose a server").int().positive("Choose a server").nullable()),
};

export const createTargetInput = z.object({
  ...fields,
  description: fields.description.optional(),
  compression: fields.compression.default("zstd"),
  engine: fields.engine.default("archive"),
  pathTemplate: fields.pathTemplate.default(DEFAULT_PATH_TEMPLATE),
  retention: fields.retention.optional(),
  enabled: fields.enabled.default(true),
  preHook: fields.preHook.optional(),
  postHook: fields.postHook.optional(),
  timeoutSeconds: fields.timeoutSeconds.optional(),
  storageRoot: fields.storageRoot.optional(),
  meta: fields.meta.optional(),
  storage: fields.storage.optional(),
  serverId: fields.serverId.optional(),
});
export type CreateTargetInput = z.input<typeof createTargetInput>;
export type CreateTargetData = z.output<typeof createTargetInput>;

/** PATCH semantics: what is absent keeps its value. */
export const updateTargetInput = z
  .object(fields)
  .partial()
  .extend({ id: z.coerce.number().int().positive() });
export type UpdateTargetInput = z.input<typeof updateTargetInput>;
export type UpdateTargetData = z.output<typeof updateTargetInput>;

export const targetIdInput = z.object({ id: z.coerce.number().int().positive() });

export const listTargetsInput = z.object({
  appId: z.coerce.number().int().positive().optional(),
  type: z.enum(TARGET_TYPES).optional(),
});
export type ListTargetsInput = z.input<typeof listTargetsInput>;
