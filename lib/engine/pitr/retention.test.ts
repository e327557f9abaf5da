import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { LocalBackend } from "../storage/local/backend";
import { listBaseBackups } from "./base-rows";
import { at, insertBase, insertWal } from "./pitr-rows.testing";
import { finishPitrDeletes, prunePitr } from "./retention";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { pitrCopies, pitrWal } from "../../db/schema-pitr";
import { tasks } from "../../db/schema";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { saveTargetStorage } from "../copies/target-storage";
import { COPY_KIND } from "../copies/copy-rows";
import { baseCopyName, countPendingPitrCopies, pendingPitrCopies } from "./offsite";
import { listWal } from "./wal-store";

describe("PITR retention", () => {
  it("keeps the newest base backups and the WAL from the oldest kept one's first segment; rows and objects go together", async () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const backend = new LocalBackend(tmpDir("lb-pitr-ret-"));
    const wal = insertWal(t.id, [[2, 5], [3, 10], [4, 20], [5, 30], [6, 40]]);
    const b1 = insertBase(t.id, 2, 2, 6);
    insertBase(t.id, 4, 4, 21);
    insertBase(t.id, 5, 5, 31);
    for (const k of [...wal.map((w) => w.key), ...listBaseBackups(t.id).flatMap((b) => b.files.map((f) => f.key))]) await backend.put(k, Readable.from([Buffer.from("x")]));

    const r = await prunePitr(t.id, backend, { keepLast: 2 });
    expect(r).toEqual({ baseBackups: 1, walFiles: 2, leftovers: [] });
    expect(listBaseBackups(t.id).map((b) => b.startWal!.slice(-1))).toEqual(["4", "5"]);
    expect(listWal(t.id).map((w) => w.segNo)).toEqual([4, 5, 6]);
    expect(await backend.stat(wal[0].key)).toBeNull();
    expect(await backend.stat(b1.files[0].key)).toBeNull();
    expect(await backend.stat(wal[2].key)).not.toBeNull();

    // By age, the newest copy always stays.
    await prunePitr(t.id, backend, { keepSince: at(1000) });
    expect(listBaseBackups(t.id).map((b) => b.startWal!.slice(-1))).toEqual(["5"]);
    expect(listWal(t.id).map((w) => w.segNo)).toEqual([5, 6]);
  });

  it("two phases: a delete that fails leaves the row marked (no restore uses it) and the next prune finishes it", async () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const local = new LocalBackend(tmpDir("lb-pitr-ret2-"));
    const wal = insertWal(t.id, [[2, 5], [3, 10], [4, 20]]);
    insertBase(t.id, 2, 2, 6);
    insertBase(t.id, 4, 4, 21);
    for (const k of [...wal.map((w) => w.key), ...listBaseBackups(t.id).flatMap((b) => b.files.map((f) => f.key))]) await local.put(k, Readable.from([Buffer.from("x")]));
    let failing = true;
    const flaky = Object.assign(Object.create(Object.getPrototypeOf(local)), local, {
      delete: async (key: string) => {
        if (failing) throw new Error("storage unreachable");
        return local.delete(key);
      },
    });
    const r = await prunePitr(t.id, flaky, { keepLast: 1 });
    expect(r.baseBackups).toBe(0);
    expect(r.leftovers).toHaveLength(3);
    // Marked: gone from what restores and the window see, the objects still there.
    expect(listBaseBackups(t.id)).toHaveLength(1);
    expect(listWal(t.id).map((w) => w.segNo)).toEqual([4]);
    expect(await local.stat(wal[0].key)).not.toBeNull();
    failing = false;
    expect(await finishPitrDeletes(t.id, flaky)).toEqual({ baseBackups: 1, walFiles: 2, leftovers: [] });
    expect(await local.stat(wal[0].key)).toBeNull();
    expect(getDb().select().from(pitrWal).where(eq(pitrWal.targetId, t.id)).all().map((w) => w.segNo)).toEqual([4]);
  });

  it("keeps what a copy location still lacks until it is copied there — unless that location's last batch failed", async () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const dir = tmpDir("lb-pitr-ret3-");
    const backend = new LocalBackend(dir);
    const copyLoc = await createStorageLocation(ADMIN_CLI, { name: `pitr-held-${t.id}`, kind: "local", settings: { path: tmpDir("lb-pitr-held-") } });
    saveTargetStorage(getDb(), t.id, { copies: [{ storageId: copyLoc.id, retention: {} }] });
    const wal = insertWal(t.id, [[2, 5], [3, 10], [4, 20]]);
    const b1 = insertBase(t.id, 2, 2, 6);
    insertBase(t.id, 4, 4, 21);
    for (const k of [...wal.map((w) => w.key), ...listBaseBackups(t.id).flatMap((b) => b.files.map((f) => f.key))]) await backend.put(k, Readable.from([Buffer.from("x")]));
    // Segment 2 and base backup 1 are copied already; segment 3 is not.
    const copied = (name: string, kind: "segment" | "base") =>
      getDb().insert(pitrCopies).values({ targetId: t.id, storageId: copyLoc.id, kind, name, key: kind === "base" ? null : `x/${name}`, timeline: 1, size: 1, sha256: "x", storedSize: 1, receivedAt: at(1), copiedAt: at(1) }).run();
    copied(wal[0].name, "segment");
    copied(baseCopyName(b1.id), "base");
    // Segments 3 and 4 and base backup 2 are not there yet: counted in SQL as listed.
    const pending = pendingPitrCopies(t.id, copyLoc.id);
    expect([pending.wal.map((w) => w.segNo), pending.backups.length]).toEqual([[3, 4], 1]);
    expect(countPendingPitrCopies(t.id, copyLoc.id)).toBe(3);
    expect(await prunePitr(t.id, backend, { keepLast: 1 })).toEqual({ baseBackups: 1, walFiles: 1, leftovers: [] });
    expect(listWal(t.id).map((w) => w.segNo)).toEqual([3, 4]);
    // The location's last batch failed: it holds nothing any more.
    getDb().insert(tasks).values({ kind: COPY_KIND, targetId: null, priority: 15, status: "failed", error: "unreachable", params: { pitrTargetId: t.id, storageId: copyLoc.id }, queuedAt: at(30) }).run();
    expect(await prunePitr(t.id, backend, { keepLast: 1 })).toEqual({ baseBackups: 0, walFiles: 1, leftovers: [] });
    expect(listWal(t.id).map((w) => w.segNo)).toEqual([4]);
  });
});
