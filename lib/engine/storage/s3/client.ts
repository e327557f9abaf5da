import { S3Client } from "@aws-sdk/client-s3";
import type { S3Settings } from "./settings";

/** Attempts per request (the first included): a dropped part upload is sent again with back-off. */
export const S3_MAX_ATTEMPTS = 5;

/**
 * One client per backend. Each request (a part of a multipart upload included: its body is a
 * buffer) is retried by the SDK's standard strategy, exponential back-off with jitter, on
 * connection drops, timeouts, throttling and 5xx. Credentials come from the location only, never
 * from the environment or ~/.aws.
 */
export function makeS3Client(s: S3Settings): S3Client {
  return new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: s.forcePathStyle,
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    maxAttempts: S3_MAX_ATTEMPTS,
    retryMode: "standard",
    // CRC32 per request where the service supports it: the server refuses a part damaged on the way.
    requestChecksumCalculation: "WHEN_SUPPORTED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: 15_000, requestTimeout: 300_000 },
  });
}
