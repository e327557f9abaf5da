import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { getDb } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema";
import { PITR_RESTORE_KIND } from "@/lib/engine/pitr/restore-task";
import { pitrCopies, type PitrCopiedBase } from "@/lib/db/schema-pitr";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { saveTargetStorage } from "@/lib/engine/copies/target-storage";
import { applyPitrCopyRetention, copiedPlanRows } from "@/lib/engine/pitr/offsite";
import { pitrCopyStatus } from "@/lib/engine/pitr/offsite-status";
import { at, MB } from "@/lib/engine/pitr/pitr-rows.testing";
import { segmentName } from "@/lib/engine/pitr/wal-names";

/** Objects of a copy location written by hand, their pitr_copies rows inserted: 1 MB segments on timeline 1. */
function seedCopy(targetId: number, storageId: number, dir: string, segs: number[], bases: { id: number; startSeg: number; finishedSec: number }[]) {
  const put = (key: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    fs.writeFileSync(path.join(dir, key), key);
  };
  for (const n of segs) {
    const name = segmentName(1, n, MB);
    const key = `pitr/${targetId}/wal/${name}.zst`;
    put(key);
    getDb().insert(pitrCopies).values({ targetId, storageId, kind: "segment", name, key, timeline: 1, segNo: n, segSize: MB, size: MB, sha256: "x", storedSize: key.length, receivedAt: at(n * 10), copiedAt: at(n * 10) }).run();
  }
  for (const b of bases) {
    const files = ["backup_manifest", "base.tar"].map((f) => ({ name: f, key: `pitr/${targetId}/base/${b.id}/${f}.zst`, size: 1, storedSize: 1, sha256: "x", storedSha256: "y" }));
    files.forEach((f) => put(f.key));
    const base: PitrCopiedBase = { id: b.id, timeline: 1, startLsn: null, endLsn: null, startWal: segmentName(1, b.startSeg, MB), endWal: segmentName(1, b.startSeg, MB), walSegSize: MB, startedAt: at(b.finishedSec - 1).toISOString(), finishedAt: at(b.finishedSec).toISOString(), runId: null, files };
    getDb().insert(pitrCopies).values({ targetId, storageId, kind: "base", name: `base-${b.id}`, baseBackupId: b.id, key: null, timeline: 1, size: 2, sha256: "x", storedSize: 2, receivedAt: at(b.finishedSec), base, copiedAt: at(b.finishedSec) }).run();
  }
}

describe("a copy location's own PITR retention", () => {
  it("keeps base backups by the location's rules (the newest always), removes the WAL older than the oldest one it keeps — objects, then rows — and leaves another location alone", async () => {
    const target = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const keepOne = tmpDir("lb-pitr-copy-ret-");
    const keepAll = tmpDir("lb-pitr-copy-all-");
    const a = await createStorageLocation(ADMIN_CLI, { name: `pitr-ret-a-${target.id}`, kind: "local", settings: { path: keepOne } });
    const b = await createStorageLocation(ADMIN_CLI, { name: `pitr-ret-b-${target.id}`, kind: "local", settings: { path: keepAll } });
    saveTargetStorage(getDb(), target.id, { copies: [{ storageId: a.id, retention: { keepLast: 1 } }, { storageId: b.id, retention: {} }] });
    // Base backups 1 (from segment 2) and 2 (from segment 5), segments 1..7 in both locations.
    for (const [loc, dir] of [[a.id, keepOne], [b.id, keepAll]] as const) seedCopy(target.id, loc, dir, [1, 2, 3, 4, 5, 6, 7], [{ id: 1, startSeg: 2, finishedSec: 25 }, { id: 2, startSeg: 5, finishedSec: 55 }]);

    // The indexes a copy batch writes beside them (copy-index.ts): base backup 1's, and two WAL batches' (newest segments 4 and 6).
    const idx = (k: string) => path.join(keepOne, `pitr/${target.id}/${k}`);
    for (const k of [`base/1/index.pitr-index.json`, `wal-index/${segmentName(1, 4, MB)}-1.pitr-index.json`, `wal-index/${segmentName(1, 6, MB)}-2.pitr-index.json`]) {
      fs.mkdirSync(path.dirname(idx(k)), { recursive: true });
      fs.writeFileSync(idx(k), "{}");
    }
    // While a point-in-time restore of the target runs (it may read this location), nothing goes.
    const reading = getDb().insert(tasks).values({ kind: PITR_RESTORE_KIND, targetId: target.id, priority: 0, status: "running", queuedAt: at(90) }).returning().get();
    expect(await applyPitrCopyRetention(target.id, a.id, at(100))).toEqual({ baseBackups: 0, walFiles: 0 });
    getDb().update(tasks).set({ status: "done" }).where(eq(tasks.id, reading.id)).run();
    expect(await applyPitrCopyRetention(target.id, a.id, at(100))).toEqual({ baseBackups: 1, walFiles: 4 });
    const left = copiedPlanRows(target.id, a.id);
    expect(left.backups.map((x) => x.id)).toEqual([2]);
    expect(left.wal.map((w) => w.segNo)).toEqual([5, 6, 7]);
    expect(fs.existsSync(path.join(keepOne, `pitr/${target.id}/base/1/base.tar.zst`))).toBe(false);
    expect(fs.existsSync(path.join(keepOne, `pitr/${target.id}/wal/${segmentName(1, 4, MB)}.zst`))).toBe(false);
    expect(fs.existsSync(path.join(keepOne, `pitr/${target.id}/wal/${segmentName(1, 5, MB)}.zst`))).toBe(true);
    // The base backup's index went with it; the WAL batch index naming only segments up to 4 went, the one reaching 6 stays.
    expect([`base/1/index.pitr-index.json`, `wal-index/${segmentName(1, 4, MB)}-1.pitr-index.json`, `wal-index/${segmentName(1, 6, MB)}-2.pitr-index.json`].map((k) => fs.existsSync(idx(k)))).toEqual([false, false, true]);
    expect(getDb().select().from(pitrCopies).where(eq(pitrCopies.storageId, a.id)).all()).toHaveLength(4);

    // No rule at the other location: it keeps both base backups; only the WAL before the oldest (segment 1) goes.
    expect(await applyPitrCopyRetention(target.id, b.id, at(100))).toEqual({ baseBackups: 0, walFiles: 1 });
    expect(copiedPlanRows(target.id, b.id).wal.map((w) => w.segNo)).toEqual([2, 3, 4, 5, 6, 7]);

    // What the status says of each: its WAL's reach and its own window.
    const st = pitrCopyStatus(target.id);
    expect(st.map((s) => [s.storageId, s.baseBackups, s.walFiles, s.walTo, s.windowFrom, s.windowTo])).toEqual([
      [a.id, 1, 3, at(70).toISOString(), at(55).toISOString(), at(70).toISOString()],
      [b.id, 2, 6, at(70).toISOString(), at(25).toISOString(), at(70).toISOString()],
    ]);
  });
});
