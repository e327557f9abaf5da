import crypto from "node:crypto";
import zlib from "node:zlib";
import {
  AbortMultipartUploadCommand,
  ChecksumAlgorithm,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
} from "@aws-sdk/client-s3";
import type { LocalFile, PutFileOptions } from "../backend";
import { checkSha256, fileEndedError, readAt } from "../local-file";
import type { PutTarget } from "./put";

/** Parts are 8 MiB (more when a file would need over MAX_PARTS), read into a fixed pool of buffers. */
const PART = 8 << 20;
const MAX_PARTS = 9_000;
/**
 * The pool's bytes at most (parts in flight + the one being read): memory is flat whatever the size.
 * Over TLS each part in flight is held twice (node encrypts the whole write): 16 MiB parts took the
 * bench's copy to 230-240 MB RSS, 8 MiB parts to ~200 MB (npm run bench offsite-copy).
 */
const POOL_BYTES = 40 << 20;

/** zlib's CRC-32 (IEEE, as S3's x-amz-checksum-crc32) in the header's form: base64 of the big-endian value. */
const crc32Header = (b: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(b));
  return out.toString("base64");
};

/**
 * Over TLS a part's payload is sent as UNSIGNED-PAYLOAD with its CRC-32 in x-amz-checksum-crc32 (the
 * AWS CLI's and minio-go's choice: TLS already guards the bytes on the way, and a server that keeps
 * checksums refuses a part whose CRC differs), instead of hashing every part with sha256 for the
 * signature: that pass cost the client ~0.6 s of CPU per GiB, and the server as much to check it.
 * Over plain http the SDK still signs each part's sha256.
 */
const unsignedPayload = <A extends { request: unknown }, R>(next: (args: A) => Promise<R>) => (args: A) => {
  const request = args.request as { headers?: Record<string, string> };
  if (request.headers) request.headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
  return next(args);
};

/**
 * A local file into an object by multipart upload from positional reads: part after part is read
 * into a buffer of a fixed pool and hashed in order (the whole file's sha256), while up to the
 * pool's size − 1 parts are on the way. A part that fails is sent again from its buffer by the
 * SDK's retry (exponential back-off); nothing is held but the pool. The upload is completed only
 * when every part arrived and the file's sha256 matches `opts.sha256`; otherwise it is aborted and
 * nothing becomes visible. The stored size is read back and compared.
 */
export async function s3PutFile(t: PutTarget & { tls: boolean }, file: LocalFile, opts: PutFileOptions, describe: (what: string, e: unknown) => Error): Promise<{ size: number; sha256: string }> {
  const { signal } = opts;
  signal?.throwIfAborted();
  const whole = crypto.createHash("sha256");
  const partSize = Math.max(PART, Math.ceil(file.size / MAX_PARTS));
  const o = { abortSignal: signal };
  const checkHash = () => {
    const sha256 = whole.digest("hex");
    checkSha256(opts.what ?? t.key, sha256, opts.sha256);
    return sha256;
  };
  const readFull = async (buf: Buffer, len: number, pos: number) => {
    for (let got = 0; got < len; ) {
      const n = await readAt(file.fd, buf, got, len - got, pos + got);
      if (n === 0) throw fileEndedError(opts.what ?? t.key, pos + got, file.size);
      got += n;
    }
  };

  if (file.size <= partSize) {
    // One part: a single PutObject (retried whole by the SDK), the same checks.
    const buf = Buffer.allocUnsafe(file.size);
    await readFull(buf, file.size, 0);
    whole.update(buf);
    const sha256 = checkHash();
    try {
      await t.client.send(new PutObjectCommand({ Bucket: t.bucket, Key: t.objectKey, Body: buf, ContentLength: file.size }), o);
    } catch (e) {
      throw signal?.aborted && signal.reason instanceof Error ? signal.reason : describe(`S3 upload of ${t.key}`, e);
    }
    await checkStored(t, file.size, describe);
    return { size: file.size, sha256 };
  }

  let uploadId: string | undefined;
  try {
    uploadId = (await t.client.send(new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: t.objectKey, ChecksumAlgorithm: t.tls ? ChecksumAlgorithm.CRC32 : undefined }), o)).UploadId;
  } catch (e) {
    throw describe(`S3 upload of ${t.key}`, e);
  }
  const poolSize = Math.max(2, Math.min(5, Math.floor(POOL_BYTES / partSize)));
  const free = Array.from({ length: poolSize }, () => Buffer.allocUnsafeSlow(partSize));
  const parts: CompletedPart[] = [];
  const inflight = new Set<Promise<void>>();
  let failed: unknown = null;
  try {
    for (let pos = 0, n = 1; pos < file.size; pos += partSize, n++) {
      while (!free.length && !failed) await Promise.race(inflight);
      if (failed) throw failed;
      signal?.throwIfAborted();
      const buf = free.pop()!;
      const body = buf.subarray(0, Math.min(partSize, file.size - pos));
      await readFull(buf, body.length, pos);
      whole.update(body);
      const partNumber = n;
      const crc = t.tls ? crc32Header(body) : undefined;
      const cmd = new UploadPartCommand({ Bucket: t.bucket, Key: t.objectKey, UploadId: uploadId, PartNumber: partNumber, Body: body, ContentLength: body.length, ChecksumCRC32: crc });
      if (t.tls) cmd.middlewareStack.add(unsignedPayload, { step: "build", name: "lifeboatUnsignedPayload" });
      const p: Promise<void> = t.client
        .send(cmd, o)
        .then((r) => {
          if (!r.ETag) throw new Error(`part ${partNumber} came back without an ETag`);
          // A server that keeps checksums answers with the CRC it computed: it must be ours.
          if (crc && r.ChecksumCRC32 && r.ChecksumCRC32 !== crc) throw new Error(`part ${partNumber} arrived damaged (CRC-32 ${r.ChecksumCRC32}, sent ${crc})`);
          parts[partNumber - 1] = { PartNumber: partNumber, ETag: r.ETag, ...(r.ChecksumCRC32 ? { ChecksumCRC32: r.ChecksumCRC32 } : {}) };
          free.push(buf);
        })
        .catch((e) => void (failed ??= e))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
    if (failed) throw failed;
    const sha256 = checkHash();
    await t.client.send(new CompleteMultipartUploadCommand({ Bucket: t.bucket, Key: t.objectKey, UploadId: uploadId, MultipartUpload: { Parts: parts } }), o);
    await checkStored(t, file.size, describe);
    return { size: file.size, sha256 };
  } catch (e) {
    await Promise.allSettled(inflight);
    // Best effort, and not with the caller's signal (it may be what stopped us): an unreachable server leaves it to discardIncomplete.
    await t.client.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: t.objectKey, UploadId: uploadId })).catch(() => {});
    if (signal?.aborted && signal.reason instanceof Error) throw signal.reason;
    // Already in words: the file's own failures, and the stored-size check's.
    if (e instanceof Error && (e.message.startsWith(opts.what ?? t.key) || e.message.startsWith(`S3 upload of ${t.key}`) || e.name === "AbortError")) throw e;
    throw describe(`S3 upload of ${t.key}`, e);
  }
}

async function checkStored(t: PutTarget, size: number, describe: (what: string, e: unknown) => Error): Promise<void> {
  let stored: number | undefined;
  try {
    stored = (await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: t.objectKey }))).ContentLength;
  } catch (e) {
    throw describe(`S3 upload of ${t.key}: reading back its size`, e);
  }
  if (stored !== size) {
    await t.client.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: t.objectKey })).catch(() => {});
    throw new Error(`S3 upload of ${t.key}: the server stored ${stored} bytes, ${size} were sent`);
  }
}
