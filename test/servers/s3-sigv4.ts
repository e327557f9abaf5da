import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

/** What the front refuses a request with, as S3 does (an XML error with this code and status). */
export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

/** node:crypto in the shape @smithy/signature-v4 wants (the SDK's own is @smithy/hash-node). */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data) => (typeof d === "string" ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d));

class NodeSha256 {
  private h: crypto.Hash | crypto.Hmac;
  constructor(private secret?: Data) {
    this.h = this.fresh();
  }
  private fresh() {
    return this.secret ? crypto.createHmac("sha256", bytes(this.secret)) : crypto.createHash("sha256");
  }
  update(data: Data): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {
    this.h = this.fresh();
  }
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** `20261202T093000Z` → Date. */
function amzDate(s: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s ?? "");
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

/**
 * Checks a request's AWS Signature Version 4 (the Authorization header form the SDK and
 * `curl --aws-sigv4` send): recomputes it with @smithy/signature-v4 over the headers the client
 * says it signed, the raw path (S3 signs the path as sent) and the query, with the payload hash the
 * client announced in x-amz-content-sha256. The body itself is not re-hashed. Returns null when
 * the request is properly signed, else the refusal S3 would send.
 */
export async function checkSigV4(
  req: IncomingMessage,
  creds: { accessKeyId: string; secretAccessKey: string; region: string },
): Promise<S3Refusal | null> {
  const header = req.headers.authorization;
  if (!header) {
    if (/[?&]X-Amz-Signature=/i.test(req.url ?? "")) return { status: 403, code: "AccessDenied", message: "This test server does not take presigned URLs" };
    return { status: 403, code: "AccessDenied", message: "Anonymous access is not allowed" };
  }
  const m = AUTH.exec(header);
  if (!m) return { status: 400, code: "AuthorizationHeaderMalformed", message: "The authorization header is malformed" };
  const [, accessKeyId, day, region, service, signedList, signature] = m;
  if (accessKeyId !== creds.accessKeyId) return { status: 403, code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records." };
  if (region !== creds.region) return { status: 400, code: "AuthorizationHeaderMalformed", message: `the region '${region}' is wrong; expecting '${creds.region}'` };
  const date = amzDate(req.headers["x-amz-date"] as string | undefined);
  if (!date || day !== date.toISOString().slice(0, 10).replace(/-/g, "")) {
    return { status: 403, code: "AccessDenied", message: "x-amz-date is missing or does not match the credential scope" };
  }
  if (Math.abs(Date.now() - date.getTime()) > 15 * 60_000) return { status: 403, code: "RequestTimeTooSkewed", message: "The difference between the request time and the current time is too large." };

  const signed = signedList.split(";");
  if (!signed.includes("host")) return { status: 403, code: "AccessDenied", message: "The host header must be signed" };
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const v = req.headers[name];
    if (v === undefined) return { status: 403, code: "AccessDenied", message: `Signed header ${name} is missing` };
    headers[name] = Array.isArray(v) ? v.join(",") : v;
  }
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(q >= 0 ? url.slice(q + 1) : "")) {
    const had = query[k];
    query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: creds.secretAccessKey },
    region,
    service,
    sha256: NodeSha256,
    uriEscapePath: false, // S3 signs the path exactly as sent
    applyChecksum: false, // never add an x-amz-content-sha256 the client did not send
  });
  const [hostname, port] = (headers.host ?? "").split(":");
  const resigned = await signer.sign(
    { method: req.method ?? "GET", protocol: "http:", hostname, port: port ? Number(port) : undefined, path: q >= 0 ? url.slice(0, q) : url, query, headers, body: undefined },
    { signingDate: date, signableHeaders: new Set(signed) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization ?? resigned.headers.Authorization))?.[1] ?? "";
  const same = expected.length === signature.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  return same ? null : { status: 403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided. Check your key and signing method." };
}
