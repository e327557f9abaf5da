import crypto from "node:crypto";
import type { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { checkKey, checkPrefix, ObjectNotFoundError, type ByteRange, type LocalFile, type ProbeResult, type PutFileOptions, type StorageBackend, type StoredObject } from "../backend";
import { probeBackend } from "../probe";
import { isReservedKey, type RemotePutOptions } from "../remote/meter";
import { makeS3Client } from "./client";
import { discardUploads } from "./discard";
import { isNotFound, s3Error } from "./errors";
import { s3Put } from "./put";
import { s3PutFile } from "./put-file";
import { s3Where, type S3Settings } from "./settings";

/**
 * An S3-compatible bucket. Objects live at `<prefix>/<key>`; a put is a multipart upload that
 * becomes visible only when completed, so there is no `.partial` name to hide.
 */
export class S3Backend implements StorageBackend {
  readonly kind = "s3";
  readonly where: string;
  private readonly client: S3Client;
  private readonly root: string;

  constructor(private readonly s: S3Settings) {
    this.client = makeS3Client(s);
    this.root = s.prefix ? `${s.prefix}/` : "";
    this.where = s3Where(s);
  }

  private err(what: string, e: unknown): Error {
    return s3Error(what, e, this.s);
  }

  close(): void {
    this.client.destroy(); // its keep-alive sockets would keep a CLI process from exiting
  }

  private objectKey(key: string): string {
    return this.root + checkKey(key);
  }

  async put(key: string, body: Readable, opts: RemotePutOptions = {}): Promise<{ size: number }> {
    const objectKey = this.objectKey(key);
    return s3Put({ client: this.client, bucket: this.s.bucket, objectKey, key }, body, opts, (w, e) => this.err(w, e));
  }

  async putFile(key: string, file: LocalFile, opts: PutFileOptions = {}): Promise<{ size: number; sha256: string }> {
    const objectKey = this.objectKey(key);
    const tls = new URL(this.s.endpoint).protocol === "https:";
    return s3PutFile({ client: this.client, bucket: this.s.bucket, objectKey, key, tls }, file, opts, (w, e) => this.err(w, e));
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    if (range && (!(range.start >= 0) || (range.end != null && range.end < range.start))) throw new RangeError(`Bad byte range ${JSON.stringify(range)}`);
    const Key = this.objectKey(key);
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.s.bucket, Key, Range: range ? `bytes=${range.start}-${range.end ?? ""}` : undefined }));
      return r.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) throw new ObjectNotFoundError(key, this.where);
      throw this.err(`S3 read of ${key}`, e);
    }
  }

  async stat(key: string): Promise<StoredObject | null> {
    const Key = this.objectKey(key);
    try {
      const h = await this.client.send(new HeadObjectCommand({ Bucket: this.s.bucket, Key }));
      return { key, size: h.ContentLength ?? 0, mtime: h.LastModified ?? new Date(0) };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw this.err(`S3 stat of ${key}`, e);
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    checkPrefix(prefix);
    // S3 lists in UTF-8 byte order, but not every compatible server does (s3rver walks its
    // folders): the keys are gathered and sorted here. Keys only, so memory stays small.
    const found: StoredObject[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.s.bucket, Prefix: this.root + prefix, ContinuationToken: token }));
      } catch (e) {
        throw this.err(`S3 listing of ${prefix || "everything"}`, e);
      }
      for (const o of page.Contents ?? []) {
        const key = (o.Key ?? "").slice(this.root.length);
        if (!key || key.endsWith("/") || isReservedKey(key)) continue;
        found.push({ key, size: o.Size ?? 0, mtime: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    yield* found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.s.bucket, Key }));
    } catch (e) {
      if (!isNotFound(e)) throw this.err(`S3 delete of ${key}`, e);
    }
  }

  discardIncomplete(key: string): Promise<void> {
    return discardUploads(this.client, this.s.bucket, this.objectKey(key), (w, e) => this.err(w, e));
  }

  /** A bucket has no free space to ask for (quotas, when any, show up as refused writes). */
  async freeSpace(): Promise<null> {
    return null;
  }

  async probe(): Promise<ProbeResult> {
    const started = performance.now();
    try {
      // Reaching the bucket first: DNS, TLS, credentials and the bucket's existence, before any write.
      // A prefix that matches (almost) nothing keeps it cheap; s3rver fails MaxKeys=1 on nested keys.
      await this.client.send(new ListObjectsV2Command({ Bucket: this.s.bucket, Prefix: `${this.root}.lifeboat-probe-` }));
    } catch (e) {
      return { ok: false, stage: "connect", error: this.err(`S3 ${this.where}`, e).message };
    }
    const r = await probeBackend(this, `.lifeboat-probe-${crypto.randomUUID()}`);
    return r.ok ? { ok: true, latencyMs: Math.round(performance.now() - started) } : r;
  }
}
