import { afterAll, beforeAll } from "vitest";
import { backendContract } from "@/test/storage/backend-contract";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";

let server: S3TestServer;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.stop();
});

backendContract("S3 (s3rver behind a SigV4-checking front)", () => ({ kind: "s3", settings: server.settings() }));
backendContract("S3 with a prefix", () => ({ kind: "s3", settings: server.settings({ prefix: "/lifeboat/backups/" }) }));
