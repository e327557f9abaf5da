import { describeNetError } from "../remote/net-error";

/** S3 error codes by what a person should look at. */
const AUTH = new Set(["InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "InvalidSecurity", "RequestTimeTooSkewed"]);
const PERMISSION = new Set(["AccessDenied", "Forbidden", "AllAccessDisabled", "AccountProblem"]);
const FULL = new Set(["QuotaExceeded", "XMinioStorageFull", "StorageFull", "EntityTooLarge", "storage_cap_exceeded", "InsufficientStorage"]);

interface SdkError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/**
 * An S3 failure in words, naming the stage a person should look at: DNS, connect, TLS, auth,
 * permission, bucket missing, full; with the S3 code and the number of attempts when retried.
 */
export function describeS3Error(e: unknown, at: { endpoint: string; bucket: string }): string {
  const err = e as SdkError;
  const attempts = err?.$metadata?.attempts ?? 0;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  const net = describeNetError(e, at.endpoint);
  if (net) return net + tries;
  const code = err?.Code ?? err?.name ?? "Error";
  const status = err?.$metadata?.httpStatusCode;
  const detail = `${code}${status ? `, HTTP ${status}` : ""}`;
  if (code === "RequestTimeTooSkewed") return `auth: this machine's clock is too far from the server's (${detail})`;
  if (AUTH.has(code)) return `auth: the access key or secret key is wrong (${detail})`;
  if (PERMISSION.has(code)) return `permission: the key may not do this in bucket "${at.bucket}" (${detail})`;
  if (code === "NoSuchBucket") return `bucket missing: there is no bucket "${at.bucket}" at ${at.endpoint} (${detail})`;
  if (FULL.has(code)) return `full: the storage refuses more data (${detail}${err?.message ? `: ${err.message}` : ""})`;
  if (code === "PermanentRedirect" || code === "AuthorizationHeaderMalformed") return `region: the bucket lives in another region or endpoint (${detail})`;
  return `${err?.message || code} (${detail})${tries}`;
}

/** An Error carrying the worded cause and the original as `cause`. */
export function s3Error(what: string, e: unknown, at: { endpoint: string; bucket: string }): Error {
  return new Error(`${what}: ${describeS3Error(e, at)}`, { cause: e });
}

/** 404 of an object (GetObject's NoSuchKey; HeadObject answers a bare NotFound). */
export const isNotFound = (e: unknown) => {
  const err = e as SdkError;
  return err?.name === "NoSuchKey" || err?.name === "NotFound" || (err?.$metadata?.httpStatusCode === 404 && err?.name !== "NoSuchBucket");
};
