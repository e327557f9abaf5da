import { z } from "zod";
import { STORAGE_ENCRYPTIONS } from "../../db/schema";
import { isRecipient } from "../../engine/storage/encryption";

/** Shown instead of a stored secret; sent back unchanged (or left out) it keeps the secret. */
export const MASK = "***";

export const STORAGE_KIND_NAMES = ["local", "s3", "sftp"] as const;

const name = z.string().trim().min(1, "Give the location a name").max(100, "At most 100 characters");

/** Extra public keys (age1… or ssh-ed25519/ssh-rsa) artifacts are also encrypted to. */
const recipients = z
  .array(z.string().trim().refine(isRecipient, "Not an age public key (age1…) or an SSH public key (ssh-ed25519 …)"))
  .max(20, "At most 20 extra keys")
  .transform((r) => [...new Set(r)]);

export const storageCreateInput = z
  .object({
    name,
    kind: z.enum(STORAGE_KIND_NAMES, "kind must be local, s3 or sftp"),
    /** The kind's fields (checked by the kind's own schema in lib/engine/storage/<kind>/settings.ts). */
    settings: z.record(z.string(), z.unknown()),
    encryption: z.enum(STORAGE_ENCRYPTIONS, "encryption must be none or age").default("none"),
    ageRecipients: recipients.default([]),
  })
  .strict();
export type StorageCreateInput = z.input<typeof storageCreateInput>;

/** Every field optional; settings are merged over the stored ones (a secret left out or "***" is kept). The kind never changes. */
export const storagePatchInput = z
  .object({
    name: name.optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    encryption: z.enum(STORAGE_ENCRYPTIONS, "encryption must be none or age").optional(),
    ageRecipients: recipients.optional(),
  })
  .strict();
export type StoragePatchInput = z.input<typeof storagePatchInput>;
