// Start-up recovery for every task kind, in one call (what lib/boot.ts runs): the rows a crashed
// console left queued or running, of each kind, and their scratch space.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { restores, runs, tasks } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { makeTarget } from "@/test/backup/fixtures";
import { bootId, procInfo } from "@/lib/engine/process/proc-info";
import { recoverAfterRestart } from "./recovery";
import { TASK_KINDS } from "./registry";

describe("start-up recovery", () => {
  test("every kind's unfinished rows end interrupted, scratch space goes, and a live console's task is left alone", () => {
    const db = getDb();
    const t = makeTarget({ type: "filesystem", source: { path: "/tmp" } });
    const at = new Date("2025-03-01T10:00:00Z");
    const run = db.insert(runs).values({ targetId: t.id, trigger: "manual", status: "running", queuedAt: at, startedAt: at }).returning().get();
    const done = db.insert(runs).values({ targetId: t.id, trigger: "manual", status: "success", queuedAt: at }).returning().get();
    const restore = db.insert(restores).values({ runId: done.id, targetId: t.id, kind: "restore", destination: { mode: "original" }, status: "running", queuedAt: at }).returning().get();
    const testRestore = db.insert(restores).values({ runId: done.id, targetId: t.id, kind: "test", destination: { mode: "scratch" }, status: "queued", queuedAt: at }).returning().get();
    const scratch = path.join(env().dataDir, "restore-work", String(restore.id));
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, "database.dump"), "half extracted");
    const deadOwner = `${bootId()}/999999/1`;
    const liveOwner = `${bootId()}/1/${procInfo(1)!.start}`; // init: a console that still runs
    const task = (o: Partial<typeof tasks.$inferInsert>) => db.insert(tasks).values({ kind: "prune", targetId: t.id, priority: 10, status: "running", queuedAt: at, startedAt: at, ...o }).returning().get();
    const orphan = task({ owner: deadOwner });
    const otherBoot = task({ kind: "storage-sample", targetId: null, owner: `another-boot/1/${procInfo(1)!.start}` });
    const live = task({ kind: "retention-sweep", targetId: null, owner: liveOwner });
    const queued = task({ status: "queued", startedAt: null, owner: null });

    const report = recoverAfterRestart(new Date("2025-03-01T10:05:00Z"));

    const status = (tbl: typeof runs | typeof restores | typeof tasks, id: number) => db.select({ s: tbl.status }).from(tbl).where(eq(tbl.id, id)).get()!.s;
    expect(status(runs, run.id)).toBe("interrupted");
    expect(status(restores, restore.id)).toBe("interrupted");
    expect(status(restores, testRestore.id)).toBe("interrupted");
    expect(status(tasks, orphan.id)).toBe("interrupted");
    expect(status(tasks, otherBoot.id)).toBe("interrupted");
    expect(status(tasks, live.id)).toBe("running");
    expect(status(tasks, queued.id)).toBe("queued");
    expect(fs.existsSync(scratch)).toBe(false);
    expect(db.select().from(restores).where(eq(restores.id, testRestore.id)).get()!.finishedAt!.toISOString()).toBe("2025-03-01T10:05:00.000Z");
    const lines = Object.fromEntries(report.recovered.map((r) => [r.kind, r.lines]));
    expect(lines.backup).toEqual([`backup run ${run.id} interrupted`]);
    expect(lines.restore).toEqual([`restore ${restore.id} interrupted`, "removed the scratch space of 1 stopped restore(s)"]);
    expect(lines["test-restore"]).toEqual([`test restore ${testRestore.id} interrupted`]);
    expect(lines.prune).toEqual([`prune task ${orphan.id} interrupted`]);
    expect(lines["storage-sample"]).toEqual([`storage-sample task ${otherBoot.id} interrupted`]);
    expect(lines["retention-sweep"]).toBeUndefined();
    // Every kind of the registry took part (a new kind brings its own recovery).
    expect(TASK_KINDS.map((k) => k.name)).toEqual(["backup", "restore", "test-restore", "prune", "retention-sweep", "storage-sample", "pitr-base-backup", "pitr-restore", "copy", "restic-prune", "restic-check", "restic-unlock", "copy-scrub"]);
  });
});
