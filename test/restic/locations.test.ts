import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupFolder, generateRepoPassword, initRepo, listSnapshots, restoreSnapshot, ResticError, targetTag, withLocationRepo, type LocationSettings } from "../../lib/engine/restic";
import { tempDir, treeDigest, writeRandom, removeTempDirs } from "./fixture";
import { startSshd, type SshdServer } from "../servers/sshd";

let sshd: SshdServer;
let src: string;

beforeAll(async () => {
  sshd = await startSshd();
  src = tempDir("loc-src");
  writeRandom(path.join(src, "cam1", "a.mp4"), 600_000);
  writeRandom(path.join(src, "docs", "b.txt"), 1000);
});
afterAll(async () => {
  await sshd?.stop();
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

  // End to end against the s3rver test server fails: restic's minio-go signs plain-http uploads
  // with aws-chunked streaming, and s3rver stores that framing inside the object (the toolchain
  // notes' trap), so restic reads back a corrupt config. Checked here: what restic is handed.
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
