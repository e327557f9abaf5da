import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { backendContract } from "@/test/storage/backend-contract";
import { startSshd, type SshdServer } from "@/test/servers/sshd";

let server: SshdServer;
beforeAll(async () => {
  server = await startSshd();
});
afterAll(async () => {
  await server?.stop();
});

const settings = (folder: string) => ({
  host: server.host,
  port: server.port,
  username: server.user,
  privateKey: server.privateKey,
  hostKeyFingerprint: server.hostKeyFingerprint,
  path: path.join(server.dir, folder),
});

backendContract("SFTP (Debian's sshd, internal-sftp)", () => ({ kind: "sftp", settings: settings("contract") }));
backendContract("SFTP into a folder not created yet", () => ({ kind: "sftp", settings: settings("not/yet/there") }));
