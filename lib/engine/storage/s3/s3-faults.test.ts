import crypto from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readAll } from "@/test/storage/backend-contract";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { storageKind } from "../registry";
import type { S3Backend } from "./backend";

let server: S3TestServer;
beforeAll(async () => {
  server = await startS3Server();
});
afterEach(() => server.faults.clear());
afterAll(async () => {
  await server?.stop();
});

function backend(extra: Record<string, unknown> = {}): S3Backend {
  const k = storageKind("s3");
  return k.create(k.settings.parse(server.settings(extra))) as S3Backend;
}

/** `mib` MiB of random-looking bytes without holding them: one random MiB repeated. */
function body(mib: number): Readable {
  const block = crypto.randomBytes(1 << 20);
  let i = 0;
  return new Readable({ read() { this.push(i++ < mib ? block : null); } });
}

describe("S3 backend: what a person sees when it fails", () => {
  it("a wrong secret key or an unknown access key: refused by the signature check, in words", async () => {
    const wrongSecret = backend({ secretAccessKey: "not-the-secret" });
    await expect(wrongSecret.put("k/x", Readable.from([Buffer.from("x")]))).rejects.toThrow(/auth: the access key or secret key is wrong \(SignatureDoesNotMatch, HTTP 403\)/);
    expect(await wrongSecret.probe()).toMatchObject({ ok: false, stage: "connect", error: expect.stringMatching(/auth: .*SignatureDoesNotMatch/) });
    const wrongKey = backend({ accessKeyId: "AKIANOSUCHKEY" });
    expect(await wrongKey.probe()).toMatchObject({ ok: false, stage: "connect", error: expect.stringMatching(/auth: .*InvalidAccessKeyId/) });
    expect(await backend().stat("k/x")).toBeNull();
  });

  it("a missing bucket, a name that does not resolve, TLS to a plain-HTTP port: each named", async () => {
    server.faults.bucketMissing();
    expect(await backend().probe()).toMatchObject({ ok: false, stage: "connect", error: expect.stringMatching(/bucket missing: there is no bucket "lifeboat-test"/) });
    server.faults.clear();
    expect(await backend({ endpoint: "http://no-such-host.invalid:9000" }).probe()).toMatchObject({ ok: false, stage: "connect", error: expect.stringMatching(/^S3 .*: DNS: /) });
    expect(await backend({ endpoint: server.endpoint.replace("http:", "https:") }).probe()).toMatchObject({ ok: false, stage: "connect", error: expect.stringMatching(/TLS: /) });
    expect(await backend().probe()).toMatchObject({ ok: true });
  });

  it("the server drops an upload once: the part is sent again and the object is whole", async () => {
    server.faults.dropAfter(5 << 20, { times: 1 });
    const b = backend();
    expect(await b.put("drop/once", body(20), { size: 20 << 20 })).toEqual({ size: 20 << 20 });
    expect(server.faults.dropped).toBe(1);
    expect((await b.stat("drop/once"))?.size).toBe(20 << 20);
  });

  it("the server stops in the middle of an upload: retried with back-off, then failed with the reason; discardIncomplete clears the parts", async () => {
    const b = backend();
    server.faults.dropAfter(10 << 20);
    const started = Date.now();
    const err = await b.put("drop/gone", body(40)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/S3 upload of drop\/gone: connection: .* dropped the connection .* after 5 attempts/);
    expect(server.faults.dropped).toBeGreaterThanOrEqual(5);
    expect(Date.now() - started).toBeGreaterThan(300); // back-off between the attempts
    server.faults.clear();
    expect(await b.stat("drop/gone")).toBeNull();
    // The server was gone, so the put could not abort its upload: recovery does.
    expect(server.pendingUploads().map((u) => u.key)).toEqual(["drop/gone"]);
    await b.discardIncomplete("drop/gone");
    expect(server.pendingUploads()).toEqual([]);
  });

  it("a full bucket (quota): the put fails as full, its multipart upload is aborted, nothing is visible", async () => {
    server.faults.quota(12 << 20);
    const b = backend();
    await expect(b.put("full/big", body(30))).rejects.toThrow(/full: the storage refuses more data \(QuotaExceeded, HTTP 403/);
    expect(await b.stat("full/big")).toBeNull();
    expect(server.pendingUploads()).toEqual([]);
  });

  it("an announced sha256 that the bytes do not have: never completed", async () => {
    const b = backend();
    await expect(b.put("sum/bad", body(10), { sha256: "0".repeat(64) })).rejects.toThrow(/sha256 .* was announced/);
    expect(await b.stat("sum/bad")).toBeNull();
    expect(server.pendingUploads()).toEqual([]);
    const data = crypto.randomBytes(100_000);
    const sha256 = crypto.createHash("sha256").update(data).digest("hex");
    await b.put("sum/good", Readable.from([data]), { sha256 });
    expect((await readAll(await b.open("sum/good"))).equals(data)).toBe(true);
  });

  it("a cancelled multipart upload aborts its upload on the server", async () => {
    const b = backend();
    const ac = new AbortController();
    const src = body(1000);
    let sent = 0;
    src.on("data", (c: Buffer) => {
      sent += c.length;
      if (sent > 30 << 20) ac.abort(new Error("cancelled by the test"));
    });
    await expect(b.put("cancel/me", src, { signal: ac.signal })).rejects.toThrow(/cancelled by the test/);
    expect(await b.stat("cancel/me")).toBeNull();
    expect(server.pendingUploads()).toEqual([]);
  });
});

describe("S3 backend: a large artifact", () => {
  it("a 200 MiB multipart upload keeps memory flat and arrives byte for byte", async () => {
    const b = backend();
    const mib = 200;
    const block = crypto.randomBytes(1 << 20);
    const want = crypto.createHash("sha256");
    for (let i = 0; i < mib; i++) want.update(block);
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    let i = 0;
    const src = new Readable({ read() { this.push(i++ < mib ? block : null); } });
    try {
      expect(await b.put("big/artifact.tar.zst", src, { size: mib << 20 })).toEqual({ size: mib << 20 });
    } finally {
      clearInterval(timer);
    }
    const growthMiB = (peak - base) / (1 << 20);
    console.log(`S3 put of ${mib} MiB: RSS growth ${growthMiB.toFixed(1)} MiB (base ${(base / (1 << 20)).toFixed(0)} MiB)`);
    // 3 parts of 8 MiB in flight plus the SDK's copies and s3rver in this same process: far below the object's size.
    expect(growthMiB).toBeLessThan(160);
    expect((await b.stat("big/artifact.tar.zst"))?.size).toBe(mib << 20);
    const got = crypto.createHash("sha256");
    for await (const c of await b.open("big/artifact.tar.zst")) got.update(c as Buffer);
    expect(got.digest("hex")).toBe(want.digest("hex"));
    await b.delete("big/artifact.tar.zst");
  }, 180_000);
});
