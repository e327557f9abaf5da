import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { enqueueRun } from "../../services/runs/trigger";
import { waitForRun } from "../runs/wait";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, userActor } from "../../../test/restore/testing";
import { artifactFileOf } from "../restore/paths";
import { receiveUpload } from "../../services/restores/upload";
import { listTargetOverview } from "../../services/targets/overview";
import { getDashboard } from "../../services/dashboard/get-dashboard";
import { getTargetTrends } from "../../services/trends/target-trends";
import { apiTargetList } from "../../api/target-list";
import { applyRetention } from "../retention/apply";
import { collectMetrics } from "../../metrics/collect";

const folder = (name: string, text: string) => {
  const dir = tmpDir(`lb-count-${name}-`);
  fs.writeFileSync(path.join(dir, "data.txt"), text);
  return dir;
};

/**
 * Issue 10, item 6: an uploaded artifact (possibly months old) made a failed target "ok", became its
 * last success, set the size shown, fed the charts with 0 ms and made `keepLast: 2` prune real backups.
 */
describe("uploads and safety backups are not backups of the source", () => {
  test("a failed target with an old uploaded artifact stays failed; last success, size, charts and keepLast see only real backups", async () => {
    const op = userActor("operator");
    // The "old" artifact: a backup of another folder target, made elsewhere and uploaded later.
    const elsewhere = makeTarget({ type: "filesystem", source: { path: folder("old", "months old") }, storageRoot: tmpDir("lb-count-a-") });
    const oldArtifact = artifactFileOf(await backupNow(op, elsewhere.id));

    const src = folder("src", "the real data");
    const storage = tmpDir("lb-count-b-");
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: storage, keepDays: null, keepLast: 2 });
    const real1 = await backupNow(op, t.id);
    const real2 = await backupNow(op, t.id);
    fs.rmSync(src, { recursive: true });
    const failed = await waitForRun(enqueueRun(op, t.id).id);
    expect(failed.status).toBe("failed");

    const upload = await receiveUpload(op, { targetId: t.id, body: fs.createReadStream(oldArtifact), fileName: "old.tar.zst" });
    expect(upload).toMatchObject({ trigger: "upload", status: "success", durationMs: 0 });
    // A safety backup row too (taken before a restore), pinned for the safety days.
    const safetyFile = path.join(storage, "safety.tar.zst");
    fs.writeFileSync(safetyFile, "safety");
    const safety = getDb()
      .insert(runs)
      .values({ targetId: t.id, trigger: "safety", status: "success", queuedAt: new Date(), startedAt: new Date(), finishedAt: new Date(), durationMs: 5, sizeBytes: 6, storageRoot: storage, artifactPath: "safety.tar.zst", artifactState: "present", pinnedUntil: new Date(Date.now() + 7 * 86_400_000) })
      .returning()
      .get();

    const row = listTargetOverview(op, {}).find((x) => x.id === t.id)!;
    expect(row.status).toBe("failed");
    expect(row.lastRunId).toBe(failed.id);
    expect(row.lastSuccessAt).toBe(real2.startedAt!.toISOString());
    expect(row.lastSizeBytes).toBe(real2.sizeBytes);
    expect(apiTargetList(op).find((x) => x.id === t.id)).toMatchObject({ status: "failed", lastSuccessAt: real2.startedAt!.toISOString(), lastSizeBytes: real2.sizeBytes });
    const dash = getDashboard(op).rows.find((r) => r.targetId === t.id)!;
    expect(dash).toMatchObject({ status: "failed", artifactSizeBytes: real2.sizeBytes, lastSuccessAt: real2.startedAt!.toISOString() });

    // The charts: the three real runs, no 0 ms point of the upload, no safety backup.
    const trends = getTargetTrends(op, t.id).ranges[30];
    const points = trends.series.mode === "runs" ? trends.series.points : [];
    expect(points.map((p) => p.runId)).toEqual([real1.id, real2.id, failed.id]);
    expect(points.some((p) => p.durationMs === 0)).toBe(false);

    // Metrics say the same.
    const lastSuccess = collectMetrics().find((f) => f.name === "lifeboat_last_success_timestamp_seconds")!;
    expect(lastSuccess.samples.find((s) => s.labels.target === t.name)?.value).toBe(Math.floor(real2.startedAt!.getTime() / 1000));

    // keepLast: 2 keeps the two real backups; the upload stays until deleted; the pinned safety backup stays.
    const res = applyRetention(t.id);
    expect(res.pruned).toEqual([]);
    for (const r of [real1, real2]) expect(fs.existsSync(artifactFileOf(r))).toBe(true);
    const state = (id: number) => getDb().select({ s: runs.artifactState }).from(runs).where(eq(runs.id, id)).get()!.s;
    expect([real1.id, real2.id, upload.id, safety.id].map(state)).toEqual(["present", "present", "present", "present"]);

    // A third real backup: now real1 goes, still not the upload or the pinned safety backup.
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, "data.txt"), "back again");
    const real3 = await backupNow(op, t.id);
    applyRetention(t.id); // the runner's after-run hook does the same; called here so the test does not race it
    expect([real1.id, real2.id, real3.id, upload.id, safety.id].map(state)).toEqual(["pruned", "present", "present", "present", "present"]);
  });
});
