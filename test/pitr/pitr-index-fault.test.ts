import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { getDb } from "@/lib/db/client";
import { pitrTargets } from "@/lib/db/schema-pitr";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { saveTargetStorage } from "@/lib/engine/copies/target-storage";
import { listPitrCopies, syncPitrCopies } from "@/lib/engine/pitr/offsite";
import { insertWal } from "@/lib/engine/pitr/pitr-rows.testing";

describe("a WAL batch whose index cannot be written", () => {
  it("fails, and its files are not recorded as copied (a rescan could not find them): the next batch copies them again with their index", async () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const pDir = tmpDir("lb-pitr-idx-p-");
    const cDir = tmpDir("lb-pitr-idx-c-");
    const p = await createStorageLocation(ADMIN_CLI, { name: `idx-p-${t.id}`, kind: "local", settings: { path: pDir } });
    const c = await createStorageLocation(ADMIN_CLI, { name: `idx-c-${t.id}`, kind: "local", settings: { path: cDir } });
    getDb().insert(pitrTargets).values({ targetId: t.id, enabled: true, storageId: p.id }).run();
    saveTargetStorage(getDb(), t.id, { copies: [{ storageId: c.id, retention: {} }] });
    for (const w of insertWal(t.id, [[1, 0], [2, 10]])) {
      fs.mkdirSync(path.dirname(path.join(pDir, w.key)), { recursive: true });
      fs.writeFileSync(path.join(pDir, w.key), "z"); // storedSize 1
    }
    // A real fault: a file where the index folder must go.
    const blocker = path.join(cDir, `pitr/${t.id}/wal-index`);
    fs.mkdirSync(path.dirname(blocker), { recursive: true });
    fs.writeFileSync(blocker, "in the way");
    const o = { signal: new AbortController().signal, clock: () => new Date() };
    await expect(syncPitrCopies(t.id, c.id, o)).rejects.toThrow(/WAL index of 2 file\(s\)/);
    expect(listPitrCopies(t.id, c.id)).toEqual([]);

    fs.rmSync(blocker);
    const r = await syncPitrCopies(t.id, c.id, o);
    expect(r.walFiles).toBe(2);
    expect(listPitrCopies(t.id, c.id)).toHaveLength(2);
    expect(fs.readdirSync(blocker).filter((f) => f.endsWith(".pitr-index.json"))).toHaveLength(1);
  });
});
