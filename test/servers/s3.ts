import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { checkSigV4, type S3Refusal } from "./s3-sigv4";
import { abortUpload, listUploadsXml, pendingUploads, type PendingUpload } from "./s3-uploads";
import { decodeAwsChunked, isAwsChunked } from "./s3-aws-chunked";


export interface S3TestServer {
  /** The signature-checking front: what clients talk to. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Settings for a storage location of kind `s3` on this server (path-style). */
  settings(extra?: Record<string, unknown>): Record<string, unknown>;
  faults: S3Faults;
  /** Multipart uploads started and neither completed nor aborted. */
  pendingUploads(): PendingUpload[];
  /** s3rver's store (objects as files), for tests that check what really landed. */
  dir: string;
  stop(): Promise<void>;
}

export interface S3Faults {
  /**
   * Drop the connection that carries the `bytes`-th request-body byte from now on. With `times`
   * (default: for ever) only that many connections are dropped; for ever means the server is gone:
   * every later connection is closed as it arrives, until `clear()`.
   */
  dropAfter(bytes: number, opts?: { times?: number }): void;
  /** Refuse writes (PUT bodies) once `bytes` more would be stored, as a full bucket does (403 QuotaExceeded). */
  quota(bytes: number): void;
  /** Answer every request for the bucket with 404 NoSuchBucket. */
  bucketMissing(): void;
  clear(): void;
  /** Connections dropped by dropAfter so far. */
  readonly dropped: number;
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, r: S3Refusal, resource: string): void {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${r.code}</Code><Message>${r.message.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</Message>` +
    `<Resource>${resource.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</Resource><RequestId>${crypto.randomBytes(8).toString("hex")}</RequestId></Error>`;
  // Read the body away first: a client still sending would see a reset instead of the answer.
  const send = () => {
    res.writeHead(r.status, { "content-type": "application/xml", "content-length": req.method === "HEAD" ? 0 : Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
  };
  if (req.readableEnded) send();
  else req.on("end", send).resume();
}

/**
 * A real S3 API on loopback for tests and benches: s3rver (objects as files in a temp folder)
 * behind a small front that checks AWS SigV4 signatures (s3rver accepts any secret), fills in the
 * multipart calls s3rver lacks (list and abort uploads) and injects faults.
 */
export async function startS3Server(opts: { bucket?: string; region?: string; accessKeyId?: string; secretAccessKey?: string } = {}): Promise<S3TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-s3rver-"));
  const bucket = opts.bucket ?? "lifeboat-test";
  const creds = {
    accessKeyId: opts.accessKeyId ?? `AKIA${crypto.randomBytes(8).toString("hex").toUpperCase()}`,
    secretAccessKey: opts.secretAccessKey ?? crypto.randomBytes(30).toString("base64"),
    region: opts.region ?? "us-east-1",
  };
  const inner = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, vhostBuckets: false, configureBuckets: [{ name: bucket }] });
  const innerAddr = await inner.run();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const state = { dropAt: null as number | null, dropTimes: 0, seen: 0, down: false, dropped: 0, quota: null as number | null, missing: false };
  const faults: S3Faults = {
    dropAfter(bytes, o = {}) {
      Object.assign(state, { dropAt: bytes, dropTimes: o.times ?? Infinity, seen: 0, down: false });
    },
    quota(bytes) {
      state.quota = bytes;
    },
    bucketMissing() {
      state.missing = true;
    },
    clear() {
      Object.assign(state, { dropAt: null, down: false, quota: null, missing: false });
    },
    get dropped() {
      return state.dropped;
    },
  };

  const drop = (req: http.IncomingMessage, upstream?: http.ClientRequest) => {
    state.dropped++;
    if (--state.dropTimes <= 0) state.dropAt = null;
    else if (state.dropTimes === Infinity) state.down = true;
    upstream?.destroy();
    req.socket.destroy();
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (state.down) return drop(req);
    const url = new URL(req.url ?? "/", "http://x");
    const [b, ...rest] = url.pathname.slice(1).split("/");
    const key = decodeURIComponent(rest.join("/"));
    const resource = url.pathname;
    const refusal = await checkSigV4(req, creds);
    if (refusal) return refuse(req, res, refusal, resource);
    if (state.missing && b === bucket) return refuse(req, res, { status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist" }, resource);
    if (b === bucket && !key && req.method === "GET" && url.searchParams.has("uploads")) {
      const xml = listUploadsXml(dir, bucket, url.searchParams.get("prefix") ?? "");
      res.writeHead(200, { "content-type": "application/xml" }).end(xml);
      return;
    }
    if (b === bucket && key && req.method === "DELETE" && url.searchParams.has("uploadId")) {
      if (abortUpload(dir, bucket, key, url.searchParams.get("uploadId") ?? "")) res.writeHead(204).end();
      else refuse(req, res, { status: 404, code: "NoSuchUpload", message: "The specified multipart upload does not exist." }, resource);
      return;
    }
    // restic (minio-go over http) frames every PUT as aws-chunked: decoded here (s3rver cannot).
    // Such a body is read whole first, so dropAfter does not apply to it.
    const chunked = req.method === "PUT" && isAwsChunked(req) ? await decodeAwsChunked(req, creds.secretAccessKey) : null;
    if (chunked && !Buffer.isBuffer(chunked)) return refuse(req, res, chunked, resource);
    if (req.method === "PUT" && state.quota !== null) {
      const len = chunked ? chunked.length : Number(req.headers["content-length"] ?? NaN);
      if (!Number.isFinite(len) || len > state.quota) return refuse(req, res, { status: 403, code: "QuotaExceeded", message: "The bucket's storage quota is exceeded" }, resource);
      state.quota -= len;
    }
    const headers = { ...req.headers };
    delete headers.authorization; // checked here; s3rver would check V4 its own (incomplete) way
    if (chunked) {
      headers["content-length"] = String(chunked.length);
      headers["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD";
      delete headers["x-amz-decoded-content-length"];
      const enc = String(headers["content-encoding"] ?? "").split(",").map((e) => e.trim()).filter((e) => e && e !== "aws-chunked");
      if (enc.length) headers["content-encoding"] = enc.join(",");
      else delete headers["content-encoding"];
    }
    const upstream = http.request({ host: innerAddr.address, port: innerAddr.port, method: req.method, path: req.url, headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => req.socket.destroy());
    req.on("data", (chunk: Buffer) => {
      if (state.dropAt === null) return;
      state.seen += chunk.length;
      if (state.seen >= state.dropAt) {
        state.seen = 0;
        drop(req, upstream);
      }
    });
    if (chunked) return void upstream.end(chunked);
    req.pipe(upstream);
  };

  const sockets = new Set<Socket>();
  const front = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) refuse(req, res, { status: 500, code: "InternalError", message: String(e) }, req.url ?? "/");
      else res.destroy();
    });
  });
  front.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => front.listen(0, "127.0.0.1", r));
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

  return {
    endpoint,
    region: creds.region,
    bucket,
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    settings: (extra = {}) => ({ endpoint, region: creds.region, bucket, accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, forcePathStyle: true, ...extra }),
    faults,
    pendingUploads: () => pendingUploads(dir, bucket),
    dir,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => front.close(() => r()));
      agent.destroy();
      await inner.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
