import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { orphanArtifacts } from "@/lib/db/schema";
import { insertLocation, getLocation } from "@/lib/engine/storage/locations";
import { createApp } from "@/lib/services/apps/create";
import { createTarget } from "@/lib/services/targets/create";
import { deleteTarget } from "@/lib/services/targets/delete";
import { targetDeletionImpact } from "@/lib/services/targets/deletion-impact";
import { deleteOrphan, listOrphans } from "@/lib/services/storage/orphans";
import { finishPendingDeletes } from "@/lib/engine/storage/artifact-delete";
import { orphanBytesByRoot } from "@/lib/engine/storage/space/orphan-bytes";
import { listSnapshots, targetTag } from "@/lib/engine/restic";
import { withRepoOf } from "@/lib/engine/restic/target-repo";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { backupNow, userActor } from "@/test/restore/testing";
import { waitForCopies } from "@/test/copies/fixtures";
import { removeTempDirs, tempDir, writeRandom } from "./fixture";

afterAll(() => removeTempDirs());

/** The snapshot ids of a target in a location's repository. */
const snapshotsOf = (storageId: number, targetId: number) => withRepoOf(getLocation(storageId)!, (repo) => listSnapshots(repo, { tags: [targetTag(targetId)] })).then((s) => s.map((x) => x.id));

describe("[RESTIC] a deleted restic target's snapshots, in its repository and its copy locations' repositories", () => {
  it("are listed on /storage with the data their runs and copies added; deleting them (with the target, or later from the list) forgets exactly them, the other target's stay", async () => {
    const op = userActor("operator");
    const primary = insertLocation(getDb(), { name: `del-primary-${process.pid}`, kind: "local", settings: { path: tempDir("del-primary") } });
    const nas = insertLocation(getDb(), { name: `del-nas-${process.pid}`, kind: "local", settings: { path: tempDir("del-nas") } });
    const app = createApp(ADMIN_CLI, { name: `restic-delete-${process.pid}` });
    const make = (name: string) => {
      const src = tempDir(`src-${name}`);
      writeRandom(path.join(src, "a.bin"), 300_000);
      return createTarget(ADMIN_CLI, { appId: app.id, name, type: "filesystem", engine: "restic", source: { path: src, exclude: [] }, storage: { primary: primary.id, copies: [{ storageId: nas.id }] } });
    };
    // Two targets share both repositories: deleting one must leave the other's snapshots alone.
    const gone = make("gone");
    const kept = make("kept");
    const runs = [];
    for (const t of [gone, kept, gone]) {
      const r = await backupNow(op, t.id);
      expect(r.status).toBe("success");
      const c = await waitForCopies(r.id);
      expect(c.map((x) => x.status)).toEqual(["copied"]);
      runs.push({ run: r, copy: c[0] });
    }
    const goneRuns = [runs[0], runs[2]];
    expect(await snapshotsOf(primary.id, gone.id)).toHaveLength(2);
    expect(await snapshotsOf(nas.id, gone.id)).toHaveLength(2);

    // The delete dialog counts the snapshots: 2 in the primary repository, 2 copied.
    const bytes = goneRuns.reduce((n, { run, copy }) => n + run.sizeBytes! + copy.sizeBytes!, 0);
    expect(targetDeletionImpact(ADMIN_CLI, gone.id)).toMatchObject({ artifacts: 4, snapshots: 4, bytes });

    // "Delete backups" ticked: the rows are marked, the sweep forgets them in both repositories.
    expect(deleteTarget(ADMIN_CLI, gone.id, { deleteArtifacts: true })).toMatchObject({ artifacts: 4, bytes, deletedFiles: 4, keptFiles: 0 });
    const sweep = await finishPendingDeletes();
    expect(sweep.failed).toEqual([]);
    expect(await snapshotsOf(primary.id, gone.id)).toEqual([]);
    expect(await snapshotsOf(nas.id, gone.id)).toEqual([]);
    expect(getDb().select().from(orphanArtifacts).all().filter((o) => o.targetName === "gone")).toEqual([]);
    // The other target's snapshots are untouched; the data is freed by the weekly prune, as after retention.
    expect(await snapshotsOf(primary.id, kept.id)).toHaveLength(1);
    expect(await snapshotsOf(nas.id, kept.id)).toEqual([runs[1].copy.snapshotId]);

    // Kept on delete: listed on /storage as not belonging to any target, with where they are and their size.
    expect(deleteTarget(ADMIN_CLI, kept.id)).toMatchObject({ artifacts: 2, deletedFiles: 0, keptFiles: 2 });
    const listed = listOrphans(ADMIN_CLI).filter((o) => o.targetName === "kept");
    const { run, copy } = runs[1];
    expect(listed.map((o) => [o.path, o.root, o.sizeBytes, o.present]).sort()).toEqual(
      [
        [`restic snapshot ${run.snapshot!.id.slice(0, 8)}`, fs.realpathSync(getLocation(primary.id)!.settings.path as string), run.sizeBytes, null],
        [`restic snapshot ${copy.snapshotId!.slice(0, 8)}`, fs.realpathSync(getLocation(nas.id)!.settings.path as string), copy.sizeBytes, null],
      ].sort(),
    );
    expect(await snapshotsOf(primary.id, kept.id)).toHaveLength(1);
    // Not counted in the storage totals, as the live restic runs are not: deleting the target does not make them grow.
    expect(orphanBytesByRoot().get(fs.realpathSync(getLocation(nas.id)!.settings.path as string)) ?? 0).toBe(0);
    // Deleted from the list later: forgotten then.
    for (const o of listed) deleteOrphan(ADMIN_CLI, o.id);
    expect((await finishPendingDeletes()).failed).toEqual([]);
    expect(await snapshotsOf(primary.id, kept.id)).toEqual([]);
    expect(await snapshotsOf(nas.id, kept.id)).toEqual([]);
    expect(listOrphans(ADMIN_CLI).filter((o) => o.targetName === "kept")).toEqual([]);
  }, 180_000);
});
