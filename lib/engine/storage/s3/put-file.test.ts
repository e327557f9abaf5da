import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { makeFile as makeFileIn, objectSha, putPath as putFile } from "@/test/storage/local-files";
import { storageKind } from "../registry";
import type { S3Backend } from "./backend";

let server: S3TestServer;
let dir: string;
beforeAll(async () => {
  server = await startS3Server();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-s3-putfile-"));
});
afterEach(() => server.faults.clear());
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function backend(): S3Backend {
  const k = storageKind("s3");
  return k.create(k.settings.parse(server.settings({ prefix: "files" }))) as S3Backend;
}

const makeFile = (name: string, bytes: number) => makeFileIn(dir, name, bytes);

describe("S3 putFile: a local file by multipart upload from positional reads", () => {
  it("a 41 MB file in 8 MiB parts: the object is the file, its sha256 comes back, no upload is left", async () => {
    const { file, sha256 } = makeFile("big.bin", 41_000_000);
    const b = backend();
    expect(await putFile(b, "a/big.bin", file, { sha256 })).toEqual({ size: 41_000_000, sha256 });
    expect(await objectSha(b, "a/big.bin")).toBe(sha256);
    expect(server.pendingUploads()).toEqual([]);
  });

  it("a small file and an empty one: one PutObject each, the same checks", async () => {
    const b = backend();
    const small = makeFile("small.bin", 100_000);
    expect(await putFile(b, "a/small.bin", small.file, { sha256: small.sha256 })).toEqual({ size: 100_000, sha256: small.sha256 });
    expect(await objectSha(b, "a/small.bin")).toBe(small.sha256);
    const empty = makeFile("empty.bin", 0);
    expect(await putFile(b, "a/empty.bin", empty.file)).toEqual({ size: 0, sha256: empty.sha256 });
    expect((await b.stat("a/empty.bin"))?.size).toBe(0);
  });

  it("a file that is not the artifact the run recorded (another sha256): nothing becomes visible, the upload is aborted", async () => {
    const { file } = makeFile("other.bin", 20_000_000);
    const b = backend();
    await expect(putFile(b, "a/other.bin", file, { sha256: "0".repeat(64) })).rejects.toThrow(/^the artifact other\.bin: sha256 [0-9a-f]{64} where 0{64} was expected \(the artifact changed or was damaged\)$/);
    expect(await b.stat("a/other.bin")).toBeNull();
    expect(server.pendingUploads()).toEqual([]);
  });

  it("the server drops a part once: that part is sent again from its buffer and the object is whole", async () => {
    const { file, sha256 } = makeFile("drop.bin", 30_000_000);
    const b = backend();
    server.faults.dropAfter(12 << 20, { times: 1 });
    expect(await putFile(b, "drop/once.bin", file, { sha256 })).toEqual({ size: 30_000_000, sha256 });
    expect(server.faults.dropped).toBe(1);
    expect(await objectSha(b, "drop/once.bin")).toBe(sha256);
  });

  it("the server goes away mid-upload: retried with back-off, then failed with the reason; nothing visible", async () => {
    const { file, sha256 } = makeFile("gone.bin", 30_000_000);
    const b = backend();
    server.faults.dropAfter(10 << 20);
    const err = await putFile(b, "drop/gone.bin", file, { sha256 }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^S3 upload of drop\/gone\.bin: connection: .* dropped the connection .* after 5 attempts/);
    server.faults.clear();
    expect(await b.stat("drop/gone.bin")).toBeNull();
    await b.discardIncomplete("drop/gone.bin");
    expect(server.pendingUploads()).toEqual([]);
  });

  it("a full bucket: failed as full, the upload aborted, nothing visible", async () => {
    const { file } = makeFile("full.bin", 30_000_000);
    server.faults.quota(12 << 20);
    const b = backend();
    await expect(putFile(b, "full/big.bin", file)).rejects.toThrow(/full: the storage refuses more data \(QuotaExceeded, HTTP 403/);
    expect(await b.stat("full/big.bin")).toBeNull();
    expect(server.pendingUploads()).toEqual([]);
  });

  it("cancelled mid-upload: rejects with the cancel's reason, the upload is aborted, nothing visible", async () => {
    const { file } = makeFile("cancel.bin", 60_000_000);
    const b = backend();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("cancelled by test")), 150);
    await expect(putFile(b, "cancel/x.bin", file, { signal: ac.signal })).rejects.toThrow(/cancelled by test/);
    expect(await b.stat("cancel/x.bin")).toBeNull();
    expect(server.pendingUploads()).toEqual([]);
  });

  it("a file shorter than it was said to be (truncated while copied): failed in words, nothing visible", async () => {
    const { file } = makeFile("short.bin", 20_000_000);
    const b = backend();
    const fd = fs.openSync(file, "r");
    try {
      await expect(b.putFile("short/x.bin", { fd, size: 30_000_000 }, { what: "the artifact short.bin" })).rejects.toThrow(/^the artifact short\.bin: the file ended at 20000000 bytes, 30000000 were expected/);
    } finally {
      fs.closeSync(fd);
    }
    expect(await b.stat("short/x.bin")).toBeNull();
    expect(server.pendingUploads()).toEqual([]);
  });
});
