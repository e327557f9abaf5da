import fs from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { listRunCopies } from "@/lib/services/runs/copies";
import { openCopyDownload } from "@/lib/services/runs/copy-download";
import { readAll } from "@/test/storage/backend-contract";
import { waitForRun } from "@/lib/engine/runs/wait";
import { getLocation } from "@/lib/engine/storage/locations";
import { locationIdentity } from "@/lib/engine/storage/encryption/location-keys";
import { copyRetry } from "@/lib/engine/copies/copy-task";
import { copiesOfRun, requeueCopy } from "@/lib/engine/copies/copy-rows";
import { kickQueue } from "@/lib/engine/queue/queue";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { startSshd, type SshdServer } from "@/test/servers/sshd";
import { operator, tmpDir } from "@/test/backup/fixtures";
import { admin, folderTarget, waitForCopies } from "./fixtures";

let s3: S3TestServer;
let sshd: SshdServer;
beforeAll(async () => {
  [s3, sshd] = await Promise.all([startS3Server(), startSshd()]);
  copyRetry.delaysMs = [200, 200];
});
afterAll(async () => {
  await Promise.all([s3?.stop(), sshd?.stop()]);
});

const sftpSettings = (folder: string) => ({
  host: sshd.host,
  port: sshd.port,
  username: sshd.user,
  privateKey: sshd.privateKey,
  hostKeyFingerprint: sshd.hostKeyFingerprint,
  path: path.join(sshd.dir, folder),
});

describe("[COPIES] offsite copies after a backup (real S3 and sshd servers)", () => {
  it("copies to S3 (age-encrypted) and SFTP: statuses, sha256, the objects open to the original", async () => {
    const a = admin();
    const s3Loc = await createStorageLocation(a, { name: "Offsite S3", kind: "s3", settings: s3.settings({ prefix: "enc" }), encryption: "age" });
    const sftpLoc = await createStorageLocation(a, { name: "Offsite SFTP", kind: "sftp", settings: sftpSettings("copies") });
    const t = folderTarget(a, { copies: [{ storageId: s3Loc.id, retention: { keepDaily: 30 } }, { storageId: sftpLoc.id }] });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("success");
    const copies = await waitForCopies(run.id);
    expect(copies.map((c) => [c.storageId, c.status, c.error])).toEqual([
      [s3Loc.id, "copied", null],
      [sftpLoc.id, "copied", null],
    ]);
    const primary = fs.readFileSync(path.join(run.storageRoot!, run.artifactPath!));

    // SFTP: the same bytes, and its .sha256 companion checks with sha256sum.
    const sftpFile = path.join(sshd.dir, "copies", run.artifactPath!);
    expect(fs.readFileSync(sftpFile).equals(primary)).toBe(true);
    await execa("sha256sum", ["-c", `${path.basename(sftpFile)}.sha256`], { cwd: path.dirname(sftpFile) });
    const sftpCopy = copies.find((c) => c.storageId === sftpLoc.id)!;
    expect(sftpCopy).toMatchObject({ sha256: run.sha256, plainSha256: run.sha256, sizeBytes: run.sizeBytes, encryption: "none" });

    // S3: age ciphertext under key.age; `age -d -i identity` by hand opens it to the original.
    const s3Copy = copies.find((c) => c.storageId === s3Loc.id)!;
    expect(s3Copy.key).toBe(`${run.artifactPath}.age`);
    expect(s3Copy).toMatchObject({ encryption: "age", plainSha256: run.sha256 });
    expect(s3Copy.sha256).not.toBe(run.sha256);
    const loc = getLocation(s3Loc.id)!;
    const { backendFor } = await import("@/lib/engine/storage/locations");
    const body = await backendFor(loc).open(s3Copy.key!);
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(c as Buffer);
    const sealed = Buffer.concat(chunks);
    expect(sealed.subarray(0, 21).toString()).toBe("age-encryption.org/v1");
    expect(sealed.length).toBe(s3Copy.sizeBytes);
    const dir = tmpDir("lb-age-by-hand-");
    fs.writeFileSync(path.join(dir, "id.txt"), `${locationIdentity(loc)}\n`, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, "a.age"), sealed);
    await execa("age", ["-d", "-i", path.join(dir, "id.txt"), "-o", path.join(dir, "plain"), path.join(dir, "a.age")]);
    expect(fs.readFileSync(path.join(dir, "plain")).equals(primary)).toBe(true);

    // Downloads from either copy give the original (decrypted, sha256-checked on the way).
    const op = operator();
    for (const storageId of [s3Loc.id, sftpLoc.id]) {
      const dl = openCopyDownload(op, run.id, storageId)!;
      expect(dl.size).toBe(primary.length);
      expect((await readAll(await dl.open())).equals(primary)).toBe(true);
    }
    expect(openCopyDownload(op, run.id, run.storageId!)).toBeNull();
    // A damaged copy breaks the download off instead of ending it as if complete.
    const damaged = Buffer.from(primary);
    damaged[1000] ^= 0xff;
    fs.writeFileSync(sftpFile, damaged);
    await expect(readAll(await openCopyDownload(op, run.id, sftpLoc.id)!.open())).rejects.toThrow(/sha256/);
    fs.writeFileSync(sftpFile, primary);

    // The API's view of the copies.
    expect(listRunCopies(a, run.id)).toEqual([
      { storageId: s3Loc.id, status: "copied", sizeBytes: sealed.length, sha256: s3Copy.sha256, copiedAt: expect.any(String), error: null, snapshotId: null },
      { storageId: sftpLoc.id, status: "copied", sizeBytes: run.sizeBytes, sha256: run.sha256, copiedAt: expect.any(String), error: null, snapshotId: null },
    ]);
  });

  it("a plain copy of a large artifact to S3 and SFTP goes by putFile (read from the file at offsets): the objects are the artifact, sha256 checked", async () => {
    const a = admin();
    const s3Loc = await createStorageLocation(a, { name: "Plain S3", kind: "s3", settings: s3.settings({ prefix: "plain" }) });
    const sftpLoc = await createStorageLocation(a, { name: "Plain SFTP", kind: "sftp", settings: sftpSettings("plain") });
    const t = folderTarget(a, { copies: [{ storageId: s3Loc.id }, { storageId: sftpLoc.id }] }, 40_000_000);
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 120_000);
    expect(run.status).toBe("success");
    expect(run.sizeBytes).toBeGreaterThan(16 << 20); // putFile's size: several 8 MiB parts
    const primary = fs.readFileSync(path.join(run.storageRoot!, run.artifactPath!));
    const { backendFor } = await import("@/lib/engine/storage/locations");
    for (const copy of await waitForCopies(run.id)) {
      expect(copy).toMatchObject({ status: "copied", error: null, sha256: run.sha256, plainSha256: run.sha256, sizeBytes: run.sizeBytes, encryption: "none", key: run.artifactPath });
      const to = backendFor(getLocation(copy.storageId)!);
      expect((await readAll(await to.open(copy.key!))).equals(primary)).toBe(true);
      expect((await readAll(await to.open(`${copy.key}.sha256`))).toString()).toBe(`${run.sha256}  ${path.posix.basename(copy.key!)}\n`);
    }
    expect(s3.pendingUploads()).toEqual([]);
    expect(fs.readdirSync(path.dirname(path.join(sshd.dir, "plain", run.artifactPath!))).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });

  it("the S3 server gone mid-copy: retried, then failed with the reason and a copy.failed event; the next backup is not held", async () => {
    const a = admin();
    const s3Loc = await createStorageLocation(a, { name: "Flaky S3", kind: "s3", settings: s3.settings({ prefix: "flaky" }) });
    const t = folderTarget(a, { copies: [{ storageId: s3Loc.id }] }, 12_000_000);
    s3.faults.dropAfter(1_000_000); // for ever: every later connection is closed as it arrives
    let runId = 0;
    try {
      const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
      runId = run.id;
      expect(run.status).toBe("success");
      const [copy] = await waitForCopies(run.id);
      expect(copy.status).toBe("failed");
      expect(copy.attempts).toBe(copyRetry.attempts);
      expect(copy.error).toBeTruthy();
      const ev = getDb().select().from(events).where(and(eq(events.type, "copy.failed"), eq(events.runId, run.id))).all();
      expect(ev).toHaveLength(1);
      expect(ev[0].payload).toMatchObject({ storageId: s3Loc.id, storage: "Flaky S3", error: copy.error });
      // The next backup of the target was never held by the copy.
      expect((await waitForRun(enqueueRun(operator(), t.id).id, 60_000)).status).toBe("success");
    } finally {
      s3.faults.clear();
    }
    // The unreachable server kept the multipart upload; copying again discards it first, then succeeds.
    expect(s3.pendingUploads()).toHaveLength(1);
    requeueCopy(copiesOfRun(runId)[0].id, new Date());
    kickQueue();
    const [again] = await waitForCopies(runId);
    expect(again).toMatchObject({ status: "copied", error: null });
    expect(s3.pendingUploads()).toEqual([]);
  });
});
