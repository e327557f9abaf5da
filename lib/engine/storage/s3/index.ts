import type { StorageKind } from "../kind";
import { S3Backend } from "./backend";
import { s3Settings, s3Where, type S3Settings } from "./settings";

/** An S3-compatible bucket (AWS S3, MinIO, Backblaze B2, Cloudflare R2, Wasabi). */
export const s3Kind: StorageKind<S3Settings> = {
  kind: "s3",
  label: "S3-compatible bucket",
  settings: s3Settings as unknown as StorageKind<S3Settings>["settings"],
  secretFields: ["secretAccessKey"],
  create: (s) => new S3Backend(s),
  where: s3Where,
};
