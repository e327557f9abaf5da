import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { S3Refusal } from "./s3-sigv4";

/**
 * `x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD` bodies ("aws-chunked"): what
 * minio-go (restic's S3 client) sends for every PUT over plain http. Each chunk is
 * `<hex size>;chunk-signature=<sig>\r\n<data>\r\n`, the last one has size 0; every signature chains
 * from the previous one (the Authorization header's is the seed). s3rver 3.7 does not decode this
 * framing and stores it as the object's bytes (restic then reads back "invalid character 'b'
 * after top-level value" from its own config). The front decodes and checks it, as S3 and MinIO do.
 */
export const isAwsChunked = (req: IncomingMessage) => String(req.headers["x-amz-content-sha256"] ?? "").startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");

const MAX_BODY = 512 << 20;
const EMPTY_SHA = crypto.createHash("sha256").digest("hex");
const hmac = (key: crypto.BinaryLike, data: string) => crypto.createHmac("sha256", key).update(data).digest();

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    req.on("data", (c: Buffer) => {
      n += c.length;
      if (n > MAX_BODY) req.destroy(new Error("aws-chunked body too large for the test front"));
      else parts.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });
}

/** The decoded payload, or the refusal S3 would answer (bad framing, a chunk signature that does not chain). */
export async function decodeAwsChunked(req: IncomingMessage, secretAccessKey: string): Promise<Buffer | S3Refusal> {
  const auth = /Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request.*Signature=([0-9a-f]{64})/.exec(req.headers.authorization ?? "");
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!auth) return { status: 403, code: "AccessDenied", message: "aws-chunked upload without a seed signature" };
  const [, day, region, service, seed] = auth;
  const scope = `${day}/${region}/${service}/aws4_request`;
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), "aws4_request");
  const raw = await readBody(req);
  const out: Buffer[] = [];
  let prev = seed;
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    const m = eol < 0 ? null : /^([0-9a-fA-F]+);chunk-signature=([0-9a-f]{64})$/.exec(raw.subarray(at, eol).toString("latin1"));
    if (!m) return { status: 400, code: "IncompleteBody", message: "Malformed aws-chunked framing" };
    const size = parseInt(m[1], 16);
    const data = raw.subarray(eol + 2, eol + 2 + size);
    if (data.length !== size || raw.subarray(eol + 2 + size, eol + 4 + size).toString("latin1") !== "\r\n") {
      return { status: 400, code: "IncompleteBody", message: "aws-chunked chunk shorter than announced" };
    }
    const toSign = ["AWS4-HMAC-SHA256-PAYLOAD", amzDate, scope, prev, EMPTY_SHA, crypto.createHash("sha256").update(data).digest("hex")].join("\n");
    const sig = hmac(signingKey, toSign).toString("hex");
    if (!crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(m[2]))) {
      return { status: 403, code: "SignatureDoesNotMatch", message: "A chunk signature of the aws-chunked body does not match" };
    }
    prev = sig;
    at = eol + 4 + size;
    if (size === 0) break;
    out.push(data);
  }
  const body = Buffer.concat(out);
  const announced = Number(req.headers["x-amz-decoded-content-length"]);
  if (Number.isFinite(announced) && announced !== body.length) return { status: 400, code: "IncompleteBody", message: `decoded ${body.length} bytes, ${announced} announced` };
  return body;
}
