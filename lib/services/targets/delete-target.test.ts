import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { auditLog, orphanArtifacts, restores, runs, targets } from "../../db/schema";
import { ConflictError, ForbiddenError } from "../../errors";
import { cancelRun } from "../runs/cancel";
import { enqueueRun } from "../runs/trigger";
import { waitForRun } from "../../engine/runs/wait";
import { makeTarget, script, tmpDir } from "@/test/backup/fixtures";
import { backupNow, userActor } from "../../../test/restore/testing";
import { artifactFileOf } from "../../engine/restore/paths";
import { reportRun } from "../reports/report";
import { computeStorage } from "../../engine/storage/space/overview";
import { usedBytesByRoot } from "../../engine/storage/space/usage";
import { deleteOrphan, listOrphans } from "../storage/orphans";
import { deleteApp } from "../apps/delete";
import { deleteTarget } from "./delete";
import { targetDeletionImpact } from "./deletion-impact";

const folderTarget = (extra: Parameters<typeof makeTarget>[0] | object = {}, app = "shop") => {
  const src = tmpDir("lb-del-src-");
  fs.writeFileSync(path.join(src, "a.txt"), "data to keep safe");
  return makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-del-st-"), ...extra }, app);
};
const exists = (p: string) => fs.existsSync(p);
const targetGone = (id: number) => !getDb().select().from(targets).where(eq(targets.id, id)).get();

async function runningScriptRun(admin: ReturnType<typeof userActor>) {
  const bin = tmpDir("lb-del-bin-");
  const cmd = script(bin, "slow.sh", `echo started > "$LIFEBOAT_OUTPUT_FILE"\nsleep 60`);
  const t = makeTarget({ type: "script", source: { command: cmd }, storageRoot: tmpDir("lb-del-st-") });
  const { id } = enqueueRun(admin, t.id);
  for (let i = 0; i < 200; i++) {
    if (getDb().select().from(runs).where(eq(runs.id, id)).get()!.status === "running") break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return { t, runId: id };
}

describe("deleting a target while its run goes on (issue 10, item 8)", () => {
  test("is refused with 409 naming the running run; the run goes on; after it ends the target can be deleted", async () => {
    const admin = userActor("admin");
    const { t, runId } = await runningScriptRun(admin);
    expect(targetDeletionImpact(admin, t.id).blockers).toEqual([{ kind: "run", id: runId, status: "running", targetId: t.id }]);
    let err: unknown;
    try {
      deleteTarget(admin, t.id);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toContain(`run #${runId} (running)`);
    expect(targetGone(t.id)).toBe(false);
    expect(getDb().select().from(runs).where(eq(runs.id, runId)).get()!.status).toBe("running");

    cancelRun(admin, runId);
    expect((await waitForRun(runId)).status).toBe("cancelled");
    deleteTarget(admin, t.id);
    expect(targetGone(t.id)).toBe(true);
  });

  test("a queued run or a running restore blocks too; a run only opened by the team's script (API start) does not", () => {
    const admin = userActor("admin");
    const t = folderTarget();
    const r = getDb().insert(runs).values({ targetId: t.id, trigger: "manual", status: "success", queuedAt: new Date() }).returning().get();
    const restore = getDb().insert(restores).values({ runId: r.id, targetId: t.id, destination: { mode: "original" }, status: "running", queuedAt: new Date() }).returning().get();
    expect(() => deleteTarget(admin, t.id)).toThrow(`restore #${restore.id} (running)`);
    getDb().update(restores).set({ status: "success" }).where(eq(restores.id, restore.id)).run();
    const queued = getDb().insert(runs).values({ targetId: t.id, trigger: "scheduler", status: "queued", queuedAt: new Date() }).returning().get();
    expect(() => deleteTarget(admin, t.id)).toThrow(`run #${queued.id} (queued)`);
    getDb().update(runs).set({ status: "cancelled" }).where(eq(runs.id, queued.id)).run();

    const ext = makeTarget({ type: "external", source: {} });
    reportRun(admin, ext.id, { event: "start" });
    deleteTarget(admin, ext.id);
    expect(targetGone(ext.id)).toBe(true);
  });

  test("deleting an app with a running backup is refused the same way", async () => {
    const admin = userActor("admin");
    const { t, runId } = await runningScriptRun(admin);
    expect(() => deleteApp(admin, t.appId)).toThrow(`run #${runId} (running)`);
    cancelRun(admin, runId);
    await waitForRun(runId);
  });
});

describe("a deleted target's backup files", () => {
  test("are kept by default, listed as not belonging to any target, counted in the totals, and deleted there by an admin only", async () => {
    const admin = userActor("admin");
    const viewer = userActor("viewer");
    const t = folderTarget();
    const run = await backupNow(admin, t.id);
    const file = artifactFileOf(run);
    const root = path.resolve(run.storageRoot!);
    const before = computeStorage().totalUsedBytes;
    expect(targetDeletionImpact(admin, t.id)).toMatchObject({ artifacts: 1, bytes: run.sizeBytes });

    const outcome = deleteTarget(admin, t.id);
    expect(outcome).toEqual({ artifacts: 1, bytes: run.sizeBytes, deletedFiles: 0, keptFiles: 1 });
    expect(exists(file) && exists(`${file}.sha256`)).toBe(true);
    const listed = listOrphans(viewer).find((o) => o.runId === run.id)!;
    expect(listed).toMatchObject({ appName: "shop", targetName: t.name, root, path: run.artifactPath, sizeBytes: run.sizeBytes, present: true });
    // Never silently lost from the totals: the bytes still count where they lie.
    expect(computeStorage().totalUsedBytes).toBe(before);
    expect(computeStorage().orphans.bytes).toBeGreaterThanOrEqual(run.sizeBytes!);
    expect(usedBytesByRoot().get(root)).toBe(run.sizeBytes);

    expect(() => deleteOrphan(viewer, listed.id)).toThrow(ForbiddenError);
    deleteOrphan(admin, listed.id);
    expect(exists(file) || exists(`${file}.sha256`)).toBe(false);
    expect(listOrphans(admin).some((o) => o.id === listed.id)).toBe(false);
    expect(usedBytesByRoot().get(root) ?? 0).toBe(0);
    expect(getDb().select().from(auditLog).all().some((a) => a.action === "artifact.delete" && a.entityId === String(run.id))).toBe(true);
  });

  test("deleteArtifacts deletes the files, their .sha256 and the run logs", async () => {
    const admin = userActor("admin");
    const t = folderTarget();
    const run = await backupNow(admin, t.id);
    const file = artifactFileOf(run);
    expect(exists(run.logPath!)).toBe(true);
    expect(deleteTarget(admin, t.id, { deleteArtifacts: true })).toMatchObject({ artifacts: 1, deletedFiles: 1, keptFiles: 0 });
    expect([exists(file), exists(`${file}.sha256`), exists(run.logPath!)]).toEqual([false, false, false]);
    expect(getDb().select().from(orphanArtifacts).where(eq(orphanArtifacts.runId, run.id)).all()).toEqual([]);
    const audit = getDb().select().from(auditLog).all().find((a) => a.action === "target.delete" && a.entityId === String(t.id))!;
    expect(audit.after).toMatchObject({ deleteArtifacts: true, artifacts: 1 });
  });

  test("a file that cannot be deleted stays listed (and counted) instead of vanishing", async () => {
    const admin = userActor("admin");
    const t = folderTarget();
    const run = await backupNow(admin, t.id);
    const file = artifactFileOf(run);
    // Something else now sits at the artifact's name (a folder): unlinking it fails.
    fs.rmSync(file);
    fs.mkdirSync(path.join(file, "inside"), { recursive: true });
    expect(deleteTarget(admin, t.id, { deleteArtifacts: true })).toMatchObject({ artifacts: 1, deletedFiles: 0, keptFiles: 1 });
    expect(listOrphans(admin).some((o) => o.runId === run.id)).toBe(true);
  });

  test("deleting an app keeps or deletes all its targets' files the same way", async () => {
    const admin = userActor("admin");
    const a = folderTarget({}, "media");
    const b = folderTarget({}, "media");
    const ra = await backupNow(admin, a.id);
    const rb = await backupNow(admin, b.id);
    const outcome = deleteApp(admin, a.appId, { deleteArtifacts: true });
    expect(outcome).toMatchObject({ artifacts: 2, deletedFiles: 2, keptFiles: 0 });
    expect([exists(artifactFileOf(ra)), exists(artifactFileOf(rb))]).toEqual([false, false]);
  });
});
