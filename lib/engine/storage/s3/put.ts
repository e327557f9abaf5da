import { AbortMultipartUploadCommand, DeleteObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import { PutMeter, type RemotePutOptions } from "../remote/meter";

/** Parts in flight × part size is the memory a put holds, whatever the object's size. */
const QUEUE_SIZE = 3;
const MIN_PART = 8 << 20;
/** S3 allows 10,000 parts; stay below so a known size never needs more. */
const MAX_PARTS = 9_000;

export interface PutTarget {
  client: S3Client;
  bucket: string;
  objectKey: string;
  /** The key as the caller named it, for messages. */
  key: string;
}

/**
 * Stream `body` into an object with lib-storage's multipart Upload (one PutObject when it fits
 * in one part). The meter checks the announced size/sha256 before the last part leaves, so a wrong
 * object is never completed; a failed or aborted put aborts its multipart upload (best effort: an
 * unreachable server leaves it to discardIncomplete). The stored size is read back and compared.
 */
export async function s3Put(t: PutTarget, body: Readable, opts: RemotePutOptions, describe: (what: string, e: unknown) => Error): Promise<{ size: number }> {
  opts.signal?.throwIfAborted();
  const meter = new PutMeter({ key: t.key, size: opts.size, sha256: opts.sha256 });
  const partSize = Math.max(MIN_PART, Math.ceil((opts.size ?? 0) / MAX_PARTS));
  // Our own abort: destroying the source ends lib-storage's readers, then its parts in flight settle.
  const stop = () => meter.destroy(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error("The upload was cancelled"));
  opts.signal?.addEventListener("abort", stop, { once: true });
  body.on("error", (e) => meter.destroy(e));
  body.pipe(meter);
  // leavePartsOnError: lib-storage would abort on its own and throw the abort's error (when the server is gone) instead of the cause.
  const upload = new Upload({ client: t.client, params: { Bucket: t.bucket, Key: t.objectKey, Body: meter }, queueSize: QUEUE_SIZE, partSize, leavePartsOnError: true });
  try {
    await upload.done();
  } catch (e) {
    body.unpipe(meter);
    body.destroy();
    const uploadId = (upload as unknown as { uploadId?: string }).uploadId;
    if (uploadId) await t.client.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: t.objectKey, UploadId: uploadId })).catch(() => {});
    const sourceError = meter.errored ?? (body.errored as Error | null);
    throw sourceError && sourceError === e ? e : describe(`S3 upload of ${t.key}`, e);
  } finally {
    opts.signal?.removeEventListener("abort", stop);
  }
  let stored: number | undefined;
  try {
    stored = (await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: t.objectKey }))).ContentLength;
  } catch (e) {
    throw describe(`S3 upload of ${t.key}: reading back its size`, e);
  }
  if (stored !== meter.bytes) {
    // A wrong object is worse than none (s3rver, for one, stores aws-chunked framing as data).
    await t.client.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: t.objectKey })).catch(() => {});
    throw new Error(`S3 upload of ${t.key}: the server stored ${stored} bytes, ${meter.bytes} were sent`);
  }
  return { size: meter.bytes };
}
