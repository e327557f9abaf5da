import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { getDb } from "@/lib/db/client";
import { orphanArtifacts } from "@/lib/db/schema";
import { pitrCopies, pitrTargets, type PitrCopiedBase } from "@/lib/db/schema-pitr";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { deleteTarget } from "@/lib/services/targets/delete";
import { finishPendingDeletes } from "@/lib/engine/storage/artifact-delete";
import { at, insertBase, insertWal, MB } from "@/lib/engine/pitr/pitr-rows.testing";
import { segmentName } from "@/lib/engine/pitr/wal-names";

/** A postgres target with PITR files: 2 WAL + 1 base backup in the PITR folder, 1 WAL + the base backup (and its index) in a copy folder — all written. */
async function pitrTarget() {
  const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
  const pDir = tmpDir("lb-pitr-orph-p-");
  const cDir = tmpDir("lb-pitr-orph-c-");
  const p = await createStorageLocation(ADMIN_CLI, { name: `orph-p-${t.id}`, kind: "local", settings: { path: pDir } });
  const c = await createStorageLocation(ADMIN_CLI, { name: `orph-c-${t.id}`, kind: "local", settings: { path: cDir } });
  getDb().insert(pitrTargets).values({ targetId: t.id, enabled: false, storageId: p.id }).run();
  const put = (dir: string, key: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
    fs.writeFileSync(path.join(dir, key), key);
    return path.join(dir, key);
  };
  const wal = insertWal(t.id, [[1, 0], [2, 10]]);
  const base = insertBase(t.id, 1, 1, 5);
  const files = [...wal.map((w) => put(pDir, w.key)), put(pDir, base.files[0].key)];
  const name = segmentName(1, 1, MB);
  const walKey = `pitr/${t.id}/wal/${name}.zst`;
  getDb().insert(pitrCopies).values({ targetId: t.id, storageId: c.id, kind: "segment", name, key: walKey, timeline: 1, segNo: 1, segSize: MB, size: MB, sha256: "x", storedSize: 9, receivedAt: at(0), copiedAt: at(20) }).run();
  const cb: PitrCopiedBase = { id: base.id, timeline: 1, startLsn: null, endLsn: null, startWal: name, endWal: name, walSegSize: MB, startedAt: at(4).toISOString(), finishedAt: at(5).toISOString(), runId: null, files: [{ ...base.files[0], storedSha256: "y" }] };
  getDb().insert(pitrCopies).values({ targetId: t.id, storageId: c.id, kind: "base", name: `base-${base.id}`, baseBackupId: base.id, timeline: 1, size: 1, sha256: "x", storedSize: 1, receivedAt: at(5), base: cb, copiedAt: at(20) }).run();
  files.push(put(cDir, walKey), put(cDir, base.files[0].key), put(cDir, `${path.dirname(base.files[0].key)}/index.pitr-index.json`));
  return { t, p, c, files };
}

describe("deleting a PITR target", () => {
  it("records its PITR files in the PITR location and its copy locations as orphans (kept by default, listed), and deletes them when asked", async () => {
    const kept = await pitrTarget();
    deleteTarget(ADMIN_CLI, kept.t.id);
    const rows = getDb().select().from(orphanArtifacts).all().filter((o) => o.storageId === kept.p.id || o.storageId === kept.c.id);
    expect(rows.map((o) => [o.storageId, o.artifactPath]).sort()).toEqual(
      [
        [kept.p.id, `pitr/${kept.t.id}/wal/${segmentName(1, 1, MB)}.zst`],
        [kept.p.id, `pitr/${kept.t.id}/wal/${segmentName(1, 2, MB)}.zst`],
        [kept.p.id, `pitr/${kept.t.id}/base/1/base.tar.zst`],
        [kept.c.id, `pitr/${kept.t.id}/wal/${segmentName(1, 1, MB)}.zst`],
        [kept.c.id, `pitr/${kept.t.id}/base/1/base.tar.zst`],
        [kept.c.id, `pitr/${kept.t.id}/base/1/index.pitr-index.json`],
      ].sort(),
    );
    expect(kept.files.every((f) => fs.existsSync(f))).toBe(true);

    const gone = await pitrTarget();
    deleteTarget(ADMIN_CLI, gone.t.id, { deleteArtifacts: true });
    await finishPendingDeletes();
    expect(gone.files.filter((f) => fs.existsSync(f))).toEqual([]);
    expect(getDb().select().from(orphanArtifacts).where(eq(orphanArtifacts.storageId, gone.c.id)).all()).toEqual([]);
  });
});
