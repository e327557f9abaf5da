import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { resticRepos, runs } from "@/lib/db/schema";
import { runCopies } from "@/lib/db/schema-copies";
import { insertLocation, getLocation } from "@/lib/engine/storage/locations";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { createApp } from "@/lib/services/apps/create";
import { createTarget } from "@/lib/services/targets/create";
import { createToken } from "@/lib/services/tokens/create";
import { getRestorePreview } from "@/lib/services/restores/preview";
import { listRunFiles } from "@/lib/services/runs/snapshot-files";
import { buildRecoveryKit } from "@/lib/services/recovery-kit/build";
import { copiesOfRun } from "@/lib/engine/copies/copy-rows";
import { listSnapshots, forgetSnapshots, targetTag, withLocationRepo, type LocationSettings } from "@/lib/engine/restic";
import { withRepoOf, locationSettingsOf } from "@/lib/engine/restic/target-repo";
import { runRestic } from "@/lib/engine/restic/exec";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import { call, documented } from "@/test/api/testing";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { startSshd, type SshdServer } from "@/test/servers/sshd";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { backupNow, restoreAndWait, userActor } from "@/test/restore/testing";
import { waitForCopies } from "@/test/copies/fixtures";
import { removeTempDirs, tempDir, treeDigest, writeRandom } from "./fixture";

let sshd: SshdServer;
let s3: S3TestServer;
beforeAll(async () => {
  [sshd, s3] = await Promise.all([startSshd(), startS3Server()]);
});
afterAll(async () => {
  await Promise.all([sshd?.stop(), s3?.stop()]);
  removeTempDirs();
});

interface ApiRun {
  run: { id: number; snapshot: { id: string } | null; copies: { storageId: number; status: string; snapshotId: string | null; sizeBytes: number | null; error: string | null }[] };
}

/** The snapshots of the target in a location's repository, opened with the password the console sealed for it. */
async function snapshotsIn(storageId: number, targetId: number) {
  const loc = getLocation(storageId)!;
  const row = getDb().select().from(resticRepos).where(eq(resticRepos.storageId, storageId)).get()!;
  const kit = buildRecoveryKit(getDb()).locations.find((l) => l.name === loc.name)!;
  // Opened with the recovery kit's password (what a new console would have), not the console's handle.
  return withLocationRepo(locationSettingsOf(loc) as LocationSettings, kit.resticPassword!, (repo) => listSnapshots(repo, { tags: [targetTag(targetId)] })).then((s) => ({ snaps: s, row }));
}

describe("[RESTIC] offsite copies of a restic target: restic copy into each copy location's own repository", () => {
  it("two backups copied to SFTP and S3, the SFTP copy keeps by its own retention, a restore reads the copy when the primary's snapshot is gone", async () => {
    const op = userActor("operator");
    const primary = insertLocation(getDb(), { name: `restic-primary-${process.pid}`, kind: "local", settings: { path: tempDir("primary") } });
    const sftp = insertLocation(getDb(), {
      name: `restic-sftp-${process.pid}`,
      kind: "sftp",
      settings: { host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint, path: path.join(sshd.dir, "restic-offsite") },
    });
    const s3Loc = await createStorageLocation(ADMIN_CLI, { name: `restic-s3-${process.pid}`, kind: "s3", settings: s3.settings({ prefix: "offsite" }) });
    const src = tempDir("src");
    writeRandom(path.join(src, "cam1/2026-12-01/a.mp4"), 1_500_000);
    fs.writeFileSync(path.join(src, "notes.txt"), "day one\n");
    const app = createApp(ADMIN_CLI, { name: `restic-offsite-${process.pid}` });
    const t = createTarget(ADMIN_CLI, {
      appId: app.id,
      name: "cams",
      type: "filesystem",
      engine: "restic",
      source: { path: src, exclude: [] },
      storage: { primary: primary.id, copies: [{ storageId: sftp.id, retention: { keepLast: 1 } }, { storageId: s3Loc.id }] },
    });

    const first = await backupNow(op, t.id);
    expect(first.status).toBe("success");
    const day1 = treeDigest(src);
    const c1 = await waitForCopies(first.id);
    expect(c1.map((c) => [c.storageId, c.status, c.error])).toEqual([
      [sftp.id, "copied", null],
      [s3Loc.id, "copied", null],
    ]);
    // Each copy location got its own repository with its own generated, sealed password (in the recovery kit).
    const pw = getDb().select().from(resticRepos).all().filter((r) => [primary.id, sftp.id, s3Loc.id].includes(r.storageId));
    expect(pw).toHaveLength(3);
    expect(new Set(pw.map((r) => r.passwordEnc)).size).toBe(3);
    expect(fs.existsSync(path.join(sshd.dir, "restic-offsite", "restic", "config"))).toBe(true);
    // Created with the primary's chunker parameters, so restic copy moves only new chunks.
    const polynomial = (loc: number) =>
      withRepoOf(getLocation(loc)!, (repo) => runRestic(repo, ["cat", "config"], "cat config", { capture: true })).then((r) => (JSON.parse(r.stdout) as { chunker_polynomial: string }).chunker_polynomial);
    expect(await polynomial(sftp.id)).toBe(await polynomial(primary.id));
    const inSftp = await snapshotsIn(sftp.id, t.id);
    expect(inSftp.snaps.map((s) => s.id)).toEqual([c1[0].snapshotId]);
    expect(inSftp.snaps[0].original!.startsWith(first.snapshot!.id)).toBe(true);

    writeRandom(path.join(src, "cam1/2026-12-02/b.mp4"), 700_000);
    fs.writeFileSync(path.join(src, "notes.txt"), "day two\n");
    const second = await backupNow(op, t.id);
    expect(second.status).toBe("success");
    const day2 = treeDigest(src);
    await waitForCopies(second.id);

    // GET /api/v1/runs/{id}: the copies with the copied snapshot's id (documented shape).
    const token = createToken(ADMIN_CLI, { name: `restic-offsite-${process.pid}`, role: "viewer" }).token;
    const api = await documented<ApiRun>(await call(runRoute.GET, "GET", `/api/v1/runs/${second.id}`, { token, params: { id: String(second.id) } }), "/api/v1/runs/{id}", "get");
    // Each copy's size is the data it added to its repository, the measure of the run's own
    // sizeBytes (restic's data_added): both repositories held run 1's copy, so run 2's copy added
    // exactly what run 2 added to the primary; run 1's copies added the whole first snapshot.
    expect(second.sizeBytes).toBeGreaterThan(700_000);
    expect(api.run.copies.map((c) => [c.storageId, c.status, c.sizeBytes])).toEqual([
      [sftp.id, "copied", second.sizeBytes],
      [s3Loc.id, "copied", second.sizeBytes],
    ]);
    expect(c1.map((c) => c.sizeBytes)).toEqual([first.sizeBytes, first.sizeBytes]);
    expect(api.run.copies.every((c) => /^[0-9a-f]{64}$/.test(c.snapshotId ?? ""))).toBe(true);

    // The SFTP location keeps the newest one (keepLast 1): run 1's copy forgotten there and pruned;
    // S3 (no rule) and the primary keep both.
    expect(copiesOfRun(first.id).map((c) => [c.storageId, c.status])).toEqual([
      [sftp.id, "pruned"],
      [s3Loc.id, "copied"],
    ]);
    expect((await snapshotsIn(sftp.id, t.id)).snaps.map((s) => s.id)).toEqual([copiesOfRun(second.id)[0].snapshotId]);
    expect((await snapshotsIn(s3Loc.id, t.id)).snaps).toHaveLength(2);
    expect(getDb().select().from(runs).where(eq(runs.id, first.id)).get()!.artifactState).toBe("snapshot");

    // The primary's snapshot of run 2 is forgotten (a lost disk would do the same): the preview
    // and the restore read the nearest healthy copy (SFTP before S3) and restore the same bytes.
    await withRepoOf(getLocation(primary.id)!, (repo) => forgetSnapshots(repo, [second.snapshot!.id]));
    getDb().update(runs).set({ artifactState: "pruned" }).where(eq(runs.id, second.id)).run();
    const p = await getRestorePreview(op, second.id);
    expect(p.problem).toBeNull();
    expect(p.source).toMatchObject({ role: "copy", storageId: sftp.id, kind: "sftp", healthy: true });
    expect(p.sources.find((s) => s.role === "primary")).toMatchObject({ healthy: false, problem: "the snapshot is pruned" });
    // Browsing the snapshot reads the copy too.
    expect((await listRunFiles(op, second.id, { path: "/cam1" })).entries.map((e) => e.name)).toEqual(["2026-12-01", "2026-12-02"]);
    const out2 = path.join(tempDir("restore2"), "out");
    const r2 = await restoreAndWait(op, { runId: second.id, destination: { mode: "alternate", path: out2 }, confirmName: "cams" });
    expect(r2.errorSummary).toBeNull();
    expect(treeDigest(out2)).toEqual(day2);
    expect(fs.readFileSync(r2.logPath!, "utf8")).toMatch(/from its copy in restic-sftp/);

    // S3's copy chosen (`storage`) while SFTP's is healthy: read from S3, a selected folder only.
    expect((await getRestorePreview(op, second.id, { mode: "original" }, { storageId: s3Loc.id })).source).toMatchObject({ role: "copy", storageId: s3Loc.id, kind: "s3" });
    const out3 = path.join(tempDir("restore3"), "out");
    const r3 = await restoreAndWait(op, { runId: second.id, destination: { mode: "alternate", path: out3 }, confirmName: "cams", include: ["/cam1/2026-12-02"], storage: s3Loc.id });
    expect(r3.errorSummary).toBeNull();
    expect(treeDigest(out3)).toEqual(Object.fromEntries(Object.entries(day2).filter(([k]) => k.startsWith("cam1/2026-12-02/"))));
    expect(fs.readFileSync(r3.logPath!, "utf8")).toMatch(/from its copy in restic-s3-\d+ \(s3\), as chosen/);
    // The SFTP copy unusable: chosen, it is refused; left to the console, S3's is read.
    getDb().update(runCopies).set({ status: "failed" }).where(eq(runCopies.id, copiesOfRun(second.id)[0].id)).run();
    await expect(restoreAndWait(op, { runId: second.id, destination: { mode: "alternate", path: path.join(tempDir("restore3b"), "out") }, confirmName: "cams", storage: sftp.id })).rejects.toThrow(/cannot be read: the copy is failed/);
    expect((await getRestorePreview(op, second.id)).source).toMatchObject({ role: "copy", storageId: s3Loc.id, kind: "s3" });

    // Run 1 is still in the primary: read from there, the day-one bytes.
    const out1 = path.join(tempDir("restore1"), "out");
    const r1 = await restoreAndWait(op, { runId: first.id, destination: { mode: "alternate", path: out1 }, confirmName: "cams" });
    expect(r1.errorSummary).toBeNull();
    expect(treeDigest(out1)).toEqual(day1);

    // No healthy copy left of run 2: refused up front.
    getDb().update(runCopies).set({ status: "failed" }).where(eq(runCopies.id, copiesOfRun(second.id)[1].id)).run();
    await expect(restoreAndWait(op, { runId: second.id, destination: { mode: "alternate", path: path.join(tempDir("restore4"), "out") }, confirmName: "cams" })).rejects.toThrow(/no healthy copy/);
  }, 300_000);
});
