import { z } from "zod";
import { checkKey } from "../backend";

/** An S3-compatible bucket: AWS S3, MinIO, Backblaze B2, Cloudflare R2, Wasabi… */
export const s3Settings = z.object({
  endpoint: z
    .string()
    .trim()
    .url("Give the endpoint as a URL, e.g. https://s3.eu-central-1.amazonaws.com")
    .refine((u) => /^https?:$/.test(new URL(u).protocol), "The endpoint must be http:// or https://")
    // The endpoint is shown back: credentials belong in the key fields, never in the URL.
    .refine((u) => !new URL(u).username && !new URL(u).password, "Put the credentials in the key fields, not in the endpoint URL")
    .transform((u) => u.replace(/\/+$/, "")),
  region: z.string().trim().min(1, "Give the region (us-east-1, auto for R2…)").max(64),
  bucket: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/, "A bucket name is 3+ letters, digits, dots or dashes"),
  prefix: z
    .string()
    .trim()
    .optional()
    .transform((p) => (p ?? "").replace(/^\/+|\/+$/g, ""))
    .refine((p) => p === "" || safeKey(p), "The prefix must be a relative path without . or .. parts"),
  accessKeyId: z.string().trim().min(1, "Give the access key ID"),
  secretAccessKey: z.string().min(1, "Give the secret access key"),
  forcePathStyle: z.boolean().optional().default(false),
});

export type S3Settings = z.infer<typeof s3Settings>;

function safeKey(p: string): boolean {
  try {
    checkKey(p);
    return true;
  } catch {
    return false;
  }
}

/** `s3://bucket/prefix`, plus the endpoint's host: where it is, in words, without secrets. */
export function s3Where(s: Pick<S3Settings, "endpoint" | "bucket" | "prefix">): string {
  return `s3://${s.bucket}${s.prefix ? `/${s.prefix}` : ""} at ${new URL(s.endpoint).host}`;
}
