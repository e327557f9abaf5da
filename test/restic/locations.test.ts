import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupFolder, generateRepoPassword, initRepo, listSnapshots, restoreSnapshot, ResticError, targetTag, withLocationRepo, type LocationSettings } from "../../lib/engine/restic";
import { tempDir, treeDigest, writeRandom, removeTempDirs } from "./fixture";
import { startSshd, type SshdServer } from "../servers/sshd";
import { startS3Server, type S3TestServer } from "../servers/s3";

let sshd: SshdServer;
let s3: S3TestServer;
let src: string;

beforeAll(async () => {
  [sshd, s3] = await Promise.all([startSshd(), startS3Server()]);
  src = tempDir("loc-src");
  writeRandom(path.join(src, "cam1", "a.mp4"), 600_000);
  writeRandom(path.join(src, "docs", "b.txt"), 1000);
});
afterAll(async () => {
  await Promise.all([sshd?.stop(), s3?.stop()]);
  removeTempDirs();
});

async function roundTrip(loc: LocationSettings) {
  const password = generateRepoPassword();
  await withLocationRepo(loc, password, async (repo) => {
    await initRepo(repo);
    const s = await backupFolder(repo, src, { tags: [targetTag(1)] });
    const dest = tempDir("loc-dest");
    await restoreSnapshot(repo, s.id, dest);
    expect(treeDigest(dest)).toEqual(treeDigest(src));
  });
  // A second call (new key files, new known_hosts) finds the same repository.
  const snaps = await withLocationRepo(loc, password, (repo) => listSnapshots(repo));
  expect(snaps).toHaveLength(1);
}

describe("restic engine: a storage location's repository", () => {
  it("local folder: <path>/restic", async () => {
    const dir = tempDir("loc-local");
    await roundTrip({ kind: "local", path: dir });
  });

  it("SFTP with the location's key and pinned host key; another fingerprint or no key is refused", async () => {
    const dir = tempDir("loc-sftp");
    const loc = { kind: "sftp" as const, host: "127.0.0.1", port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, path: dir };
    await roundTrip(loc);
    const other = "SHA256:" + "A".repeat(43);
    await expect(withLocationRepo({ ...loc, hostKeyFingerprint: other }, "x", (r) => listSnapshots(r))).rejects.toThrow(/did not show the pinned host key/);
    await expect(withLocationRepo({ ...loc, privateKey: undefined, password: "pw" }, "x", (r) => listSnapshots(r))).rejects.toThrow(ResticError);
  });

  // restic's minio-go sends every PUT over plain http as aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD);
  // s3rver stores that framing as the object, so the test front decodes it (test/servers/s3-aws-chunked.ts).
  it("S3 (path style, http endpoint, signatures checked): backup and restore byte-exact; a wrong secret is refused", async () => {
    const loc = { kind: "s3" as const, ...(s3.settings({ prefix: "team" }) as { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean }) };
    await roundTrip(loc);
    const wrong = await withLocationRepo({ ...loc, secretAccessKey: "not-the-secret" }, "x", (r) => listSnapshots(r)).catch((e) => e);
    expect(wrong).toBeInstanceOf(ResticError);
    expect(wrong.message).toMatch(/refused access .*Access Denied/);
  });

  it("S3: the repository URL, region and path-style options, and the keys only in the environment", async () => {
    const loc = { kind: "s3" as const, endpoint: "http://127.0.0.1:9000", region: "eu-1", bucket: "team-backups", prefix: "lifeboat", accessKeyId: "AK", secretAccessKey: "SECRET", forcePathStyle: true };
    const repo = await withLocationRepo(loc, "pw", async (r) => r);
    expect(repo.location).toBe("s3:http://127.0.0.1:9000/team-backups/lifeboat/restic");
    expect(repo.options).toEqual(["s3.region=eu-1", "s3.bucket-lookup=path"]);
    expect(repo.env).toEqual({ AWS_ACCESS_KEY_ID: "AK", AWS_SECRET_ACCESS_KEY: "SECRET", AWS_DEFAULT_REGION: "eu-1" });
    const aws = await withLocationRepo({ ...loc, endpoint: "https://s3.eu-central-1.amazonaws.com", prefix: "", forcePathStyle: false }, "pw", async (r) => r);
    expect(aws.location).toBe("s3:s3.eu-central-1.amazonaws.com/team-backups/restic");
  });
});
