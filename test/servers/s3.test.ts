import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type S3TestServer } from "./s3";

let server: S3TestServer;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-s3-front-"));
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** curl signing the request itself (the bench's baseline): status and body. */
async function curlPut(secret: string | null, key: string): Promise<{ status: string; body: string }> {
  const file = path.join(tmp, "body");
  fs.writeFileSync(file, Buffer.alloc(300_000, 7));
  const sign = secret === null ? [] : ["--aws-sigv4", `aws:amz:${server.region}:s3`, "--user", `${server.accessKeyId}:${secret}`];
  const r = await execa("curl", ["-sS", "-w", "\n%{http_code}", ...sign, "-T", file, `${server.endpoint}/${server.bucket}/${key}`]);
  const lines = r.stdout.split("\n");
  return { status: lines.pop()!, body: lines.join("\n") };
}

describe("the S3 test server's front", () => {
  it("takes a request signed by curl --aws-sigv4 and stores the bytes as sent", async () => {
    expect((await curlPut(server.secretAccessKey, "front/ok.bin")).status).toBe("200");
    expect(fs.statSync(path.join(server.dir, server.bucket, "front", "ok.bin._S3rver_object")).size).toBe(300_000);
  });

  it("refuses a wrong secret and an unsigned request with S3's XML errors, storing nothing", async () => {
    const wrong = await curlPut("wrong-secret", "front/wrong.bin");
    expect(wrong.status).toBe("403");
    expect(wrong.body).toContain("<Code>SignatureDoesNotMatch</Code>");
    const unsigned = await curlPut(null, "front/unsigned.bin");
    expect(unsigned.status).toBe("403");
    expect(unsigned.body).toContain("<Code>AccessDenied</Code>");
    expect(fs.readdirSync(path.join(server.dir, server.bucket, "front"))).not.toContain("wrong.bin._S3rver_object");
  });
});
