import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { CreateMultipartUploadCommand, S3Client } from "@aws-sdk/client-s3";
import { getDb } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema";
import { runCopies } from "@/lib/db/schema-copies";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { copyKeyOf, copiesOfRun } from "@/lib/engine/copies/copy-rows";
import { recoverAfterRestart } from "@/lib/engine/tasks/recovery";
import { kickQueue } from "@/lib/engine/queue/queue";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { operator } from "@/test/backup/fixtures";
import { admin, folderTarget, waitForCopies } from "./fixtures";

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

describe("[COPIES] a copy a crash stopped", () => {
  it("its task ends interrupted, the copy is queued again, the leftover multipart upload is discarded, and it completes", async () => {
    const a = admin();
    const loc = await createStorageLocation(a, { name: "Crash S3", kind: "s3", settings: s3.settings({ prefix: "crash" }) });
    const t = folderTarget(a, {});
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("success");
    // What a console killed mid-copy leaves: the copy `copying`, its task `running` under a dead
    // engine instance, and a multipart upload the server still holds.
    const db = getDb();
    const at = new Date();
    const task = db.insert(tasks).values({ kind: "copy", priority: 15, params: {}, status: "running", owner: "gone-boot/999999/0", queuedAt: at, startedAt: at }).returning().get();
    const key = copyKeyOf(run.artifactPath!, "none");
    const copy = db
      .insert(runCopies)
      .values({ runId: run.id, targetId: t.id, storageId: loc.id, status: "copying", key, plainSha256: run.sha256, taskId: task.id, queuedAt: at, startedAt: at, attempts: 1 })
      .returning()
      .get();
    db.update(tasks).set({ params: { runCopyId: copy.id } }).where(eq(tasks.id, task.id)).run();
    const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
    await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: `crash/${key}` }));
    expect(s3.pendingUploads()).toHaveLength(1);

    const report = recoverAfterRestart();
    const lines = report.recovered.find((r) => r.kind === "copy")?.lines ?? [];
    expect(lines).toEqual([`copy task ${task.id} interrupted`, `copy ${copy.id} queued again`]);
    expect(db.select().from(tasks).where(eq(tasks.id, task.id)).get()!.status).toBe("interrupted");
    expect(copiesOfRun(run.id)[0]).toMatchObject({ status: "pending", error: expect.stringMatching(/stopped/) });
    kickQueue();
    const [done] = await waitForCopies(run.id);
    expect(done).toMatchObject({ status: "copied", sha256: run.sha256, sizeBytes: run.sizeBytes, error: null });
    expect(s3.pendingUploads()).toEqual([]);
  });
});
