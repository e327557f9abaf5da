import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { getDb } from "../../db/client";
import { runs, tasks } from "../../db/schema";
import { pitrBaseBackups } from "../../db/schema-pitr";
import { LocalBackend } from "../storage/local/backend";
import { baseBackupOfRun, failStaleBaseBackups, insertBaseRun, linkBaseBackupRuns } from "./base-runs";
import { activeRunOf } from "../runs/active";
import { baseRowOf, insertBase, insertWal } from "./pitr-rows.testing";
import { prunePitr } from "./retention";

const runOf = (id: number) => getDb().select().from(runs).where(eq(runs.id, id)).get()!;
const baseRow = (id: number) => getDb().select().from(pitrBaseBackups).where(eq(pitrBaseBackups.id, id)).get()!;

describe("PITR base backups are runs", () => {
  it("base backups from before migration 0018 get their run (outcome, size, sha256, WAL range) once; retention marks the run pruned and keeps it", async () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const backend = new LocalBackend(tmpDir("lb-pitr-runs-"));
    const wal = insertWal(t.id, [[2, 5], [3, 10], [4, 20]]);
    const old = insertBase(t.id, 2, 2, 6);
    const kept = insertBase(t.id, 4, 4, 21);
    const failed = getDb().insert(pitrBaseBackups).values({ ...baseRowOf(t.id, 3, 3, 12), status: "failed", files: [], sizeBytes: null, error: "pg_basebackup: could not connect" }).returning().get();
    for (const k of [...wal.map((w) => w.key), old.files[0].key, kept.files[0].key]) await backend.put(k, Readable.from([Buffer.from("x")]));

    expect(linkBaseBackupRuns()).toBe(3);
    expect(linkBaseBackupRuns()).toBe(0);
    const r = runOf(baseRow(kept.id).runId!);
    expect(r).toMatchObject({ targetId: t.id, kind: "pitr-base", trigger: "pitr", status: "success", artifactState: "pitr", sizeBytes: 1, sha256: "x", errorSummary: null });
    expect(r.finishedAt).toEqual(kept.finishedAt);
    expect(baseBackupOfRun(r.id)).toMatchObject({ baseBackupId: kept.id, startWal: kept.startWal, endWal: kept.endWal, files: [{ name: "base.tar", size: 1, sha256: "x" }] });
    const f = runOf(baseRow(failed.id).runId!);
    expect(f).toMatchObject({ kind: "pitr-base", status: "failed", artifactState: "none", errorSummary: "pg_basebackup: could not connect" });

    const oldRun = baseRow(old.id).runId!;
    await prunePitr(t.id, backend, { keepLast: 1 });
    expect(getDb().select().from(pitrBaseBackups).where(eq(pitrBaseBackups.id, old.id)).get()).toBeUndefined();
    // The run stays for history, its files removed by PITR retention; the kept one is untouched.
    expect(runOf(oldRun)).toMatchObject({ status: "success", artifactState: "pruned" });
    expect(runOf(r.id).artifactState).toBe("pitr");
    expect(baseBackupOfRun(oldRun)).toBeNull();
  });

  it("a base backup left running by a stopped console fails at start-up (its run too); one whose task still runs is left alone", () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const task = (status: "running" | "interrupted") => getDb().insert(tasks).values({ kind: "pitr-base-backup", targetId: t.id, priority: 20, status, queuedAt: new Date() }).returning().get().id;
    const stale = getDb().insert(pitrBaseBackups).values({ ...baseRowOf(t.id, 2, 2, 6), status: "running", files: [], finishedAt: null, taskId: task("interrupted") }).returning().get();
    const live = getDb().insert(pitrBaseBackups).values({ ...baseRowOf(t.id, 3, 3, 9), status: "running", files: [], finishedAt: null, taskId: task("running") }).returning().get();
    linkBaseBackupRuns();
    expect(failStaleBaseBackups()).toBe(1);
    expect(baseRow(stale.id)).toMatchObject({ status: "failed", error: "The console stopped during the base backup" });
    expect(runOf(baseRow(stale.id).runId!)).toMatchObject({ kind: "pitr-base", status: "interrupted" });
    expect(baseRow(live.id)).toMatchObject({ status: "running", runId: null });
    expect(failStaleBaseBackups()).toBe(0);
  });

  it("a running base backup run is not 'a backup going on': Back up now, a safety backup and a restore queue behind its task instead of a 409", () => {
    const t = makeTarget({ type: "postgres", source: { url: "postgresql://u@127.0.0.1:1/db" } });
    const runId = insertBaseRun(getDb(), t.id, new Date(), null);
    expect(runOf(runId)).toMatchObject({ status: "running", kind: "pitr-base" });
    expect(activeRunOf(getDb(), t.id)).toBeUndefined();
  });
});
