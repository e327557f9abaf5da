import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { orphanArtifacts } from "@/lib/db/schema";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { deleteTarget } from "@/lib/services/targets/delete";
import { targetDeletionImpact } from "@/lib/services/targets/deletion-impact";
import { deleteOrphan, listOrphans } from "@/lib/services/storage/orphans";
import { waitForRun } from "@/lib/engine/runs/wait";
import { backendFor, getLocation } from "@/lib/engine/storage/locations";
import { copiesOfRun } from "@/lib/engine/copies/copy-rows";
import { finishPendingDeletes } from "@/lib/engine/storage/artifact-delete";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { operator, tmpDir } from "@/test/backup/fixtures";
import { admin, folderTarget, waitForCopies } from "./fixtures";

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

describe("[COPIES] a deleted target's copies are not left unlisted in a bucket (real S3 server)", () => {
  it("deleting the target records every kept copy as a file not belonging to any target; deleting those removes the objects from S3 and the NAS", async () => {
    const a = admin();
    const s3Loc = await createStorageLocation(a, { name: "Offsite S3 (orphans)", kind: "s3", settings: s3.settings({ prefix: "orphans" }), encryption: "age" });
    const nasLoc = await createStorageLocation(a, { name: "NAS (orphans)", kind: "local", settings: { path: tmpDir("lb-orph-nas-") } });
    const t = folderTarget(a, { copies: [{ storageId: s3Loc.id }, { storageId: nasLoc.id }] }, 100_000);
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("success");
    const copies = await waitForCopies(run.id);
    expect(copies.map((c) => c.status)).toEqual(["copied", "copied"]);
    const s3Key = copies.find((c) => c.storageId === s3Loc.id)!.key!;
    const nasKey = copies.find((c) => c.storageId === nasLoc.id)!.key!;
    const s3Backend = backendFor(getLocation(s3Loc.id)!);
    const nasBackend = backendFor(getLocation(nasLoc.id)!);
    expect(await s3Backend.stat(s3Key)).not.toBeNull();

    // The delete dialog counts the copies too; kept on purpose, the primary and both copies are listed, the remote one not checked.
    expect(targetDeletionImpact(a, t.id).artifacts).toBe(3);
    const outcome = deleteTarget(a, t.id);
    expect(outcome).toMatchObject({ artifacts: 3, deletedFiles: 0, keptFiles: 3 });
    expect(copiesOfRun(run.id)).toEqual([]);
    const listed = listOrphans(a).filter((o) => o.runId === run.id);
    expect(listed.map((o) => [o.path, o.present]).sort()).toEqual(
      [
        [run.artifactPath, true],
        [s3Key, null],
        [nasKey, true],
      ].sort(),
    );
    expect(listed.find((o) => o.path === s3Key)!.root).toMatch(/^Offsite S3 \(orphans\): /);

    // The admin deletes them: the local ones at once, the S3 object by the sweep.
    for (const o of listed) deleteOrphan(a, o.id);
    await finishPendingDeletes();
    expect(getDb().select().from(orphanArtifacts).where(eq(orphanArtifacts.runId, run.id)).all()).toEqual([]);
    expect(await s3Backend.stat(s3Key)).toBeNull();
    expect(await nasBackend.stat(nasKey)).toBeNull();
  }, 120_000);
});
