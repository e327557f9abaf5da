import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storageKind } from "@/lib/engine/storage/registry";
import type { S3Backend } from "@/lib/engine/storage/s3/backend";
import { makeFile as makeFileIn, objectSha } from "@/test/storage/local-files";
import { startRgw, type RgwServer } from "./rgw";

/**
 * Lifeboat's S3 backend against a production S3 implementation (Ceph's radosgw, Debian's package),
 * not only against s3rver: radosgw checks SigV4 and each signed part's sha256 itself and completes
 * a multipart upload the way AWS does. The issue asks for multipart uploads of ≥ 200 MB.
 */
let rgw: RgwServer;
let dir: string;
beforeAll(async () => {
  rgw = await startRgw({ tls: true, memoryBytes: 2 * 2 ** 30 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-rgw-test-"));
}, 120_000);
afterAll(async () => {
  await rgw?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function backend(endpoint: string): S3Backend {
  const k = storageKind("s3");
  return k.create(k.settings.parse(rgw.settings({ endpoint, prefix: "lifeboat" }))) as S3Backend;
}

const makeFile = (name: string, bytes: number) => makeFileIn(dir, name, bytes);

describe("S3 against radosgw (a real S3 server)", () => {
  it("over http: a 210 MB file by putFile (each part's sha256 signed, checked by the server) and a stream by put (lib-storage): both read back whole", async () => {
    const b = backend(rgw.httpEndpoint);
    const { file, sha256 } = makeFile("http.bin", 210_000_000);
    const fd = fs.openSync(file, "r");
    try {
      expect(await b.putFile("runs/http.bin", { fd, size: 210_000_000 }, { sha256 })).toEqual({ size: 210_000_000, sha256 });
    } finally {
      fs.closeSync(fd);
    }
    expect(await b.stat("runs/http.bin")).toMatchObject({ size: 210_000_000 });
    expect(await objectSha(b, "runs/http.bin")).toBe(sha256);
    expect(await b.put("runs/stream.bin", fs.createReadStream(file, { end: 20_000_000 - 1 }), { size: 20_000_000 })).toEqual({ size: 20_000_000 });
    expect((await b.stat("runs/stream.bin"))?.size).toBe(20_000_000);
    // A file that is not the recorded artifact: refused before completion, nothing visible.
    const fd2 = fs.openSync(file, "r");
    try {
      await expect(b.putFile("runs/wrong.bin", { fd: fd2, size: 30_000_000 }, { sha256: "f".repeat(64), what: "the artifact wrong.bin" })).rejects.toThrow(/^the artifact wrong\.bin: sha256 .* was expected/);
    } finally {
      fs.closeSync(fd2);
    }
    expect(await b.stat("runs/wrong.bin")).toBeNull();
    const keys: string[] = [];
    for await (const o of b.list("runs/")) keys.push(o.key);
    expect(keys).toEqual(["runs/http.bin", "runs/stream.bin"]);
  });

  it("over TLS: putFile sends each part as UNSIGNED-PAYLOAD with its CRC-32, which the real server takes; the object is whole", async () => {
    const { file, sha256 } = makeFile("tls.bin", 60_000_000);
    const bundle = path.resolve("node_modules/.cache", `lifeboat-put-file-child-${process.pid}.mjs`);
    buildSync({ entryPoints: [path.resolve("test/storage/put-file-child.ts")], bundle: true, platform: "node", format: "esm", packages: "external", outfile: bundle, logLevel: "error" });
    const settings = rgw.settings({ endpoint: rgw.endpoint, prefix: "lifeboat" });
    // The gateway's self-signed certificate is trusted the way an admin trusts a private CA: NODE_EXTRA_CA_CERTS.
    const { stdout } = await promisify(execFile)(process.execPath, [bundle, "s3", JSON.stringify(settings), file, "runs/tls.bin", sha256], { cwd: process.cwd(), env: { ...process.env, NODE_EXTRA_CA_CERTS: rgw.caFile! } });
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual({ size: 60_000_000, sha256 });
    expect(rgw.endpoint).toMatch(/^https:/);
    expect(await objectSha(backend(rgw.httpEndpoint), "runs/tls.bin")).toBe(sha256);
  });
});
