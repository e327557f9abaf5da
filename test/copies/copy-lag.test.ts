import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { events } from "@/lib/db/schema";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { getDashboard } from "@/lib/services/dashboard/get-dashboard";
import { waitForRun } from "@/lib/engine/runs/wait";
import { applyCopyLagTransitions, copyLags } from "@/lib/engine/copies/copy-lag";
import { runCopies } from "@/lib/db/schema-copies";
import { Scheduler } from "@/lib/engine/scheduler/tick";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { operator, tmpDir } from "@/test/backup/fixtures";
import { admin, folderTarget, waitForCopies } from "./fixtures";

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

const HOUR = 3_600_000;
const eventsOf = (targetId: number, type: string) =>
  getDb()
    .select()
    .from(events)
    .where(and(eq(events.targetId, targetId), eq(events.type, type)))
    .all();

describe("[COPIES] copy.lagging like overdue, and the dashboard's copies column (real S3 server)", () => {
  it("one copy.lagging per episode once the newest copy is older than the limit, one copy.recovered when a fresh copy arrives; the dashboard says where, offsite, how old", async () => {
    const a = admin();
    const s3Loc = await createStorageLocation(a, { name: "Offsite S3", kind: "s3", settings: s3.settings({ prefix: "lag" }) });
    const nasLoc = await createStorageLocation(a, { name: "NAS", kind: "local", settings: { path: tmpDir("lb-lag-nas-") } });
    const t = folderTarget(a, { copies: [{ storageId: s3Loc.id }, { storageId: nasLoc.id }], lagLimitHours: 2 }, 100_000);
    const local = folderTarget(a, {}, 10_000); // no copy locations: never lags
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("success");
    await waitForCopies(run.id);
    await waitForRun(enqueueRun(operator(), local.id).id, 60_000);
    const copiedAt = Date.now();

    expect(applyCopyLagTransitions(new Date(copiedAt + HOUR)).lagging).not.toContain(t.id);
    const d0 = getDashboard(a, new Date(copiedAt + HOUR)).rows.find((r) => r.targetId === t.id)!;
    expect(d0.copies).toMatchObject({ offsite: true, lagging: false, lagLimitHours: 2 });
    expect(d0.copies!.locations.map((l) => [l.name, l.kind, l.copies])).toEqual([
      ["Offsite S3", "s3", 1],
      ["NAS", "local", 1],
    ]);
    expect(Date.parse(d0.copies!.newestCopyAt!)).toBeGreaterThan(copiedAt - 60_000);
    expect(getDashboard(a).rows.find((r) => r.targetId === local.id)!.copies).toBeNull();

    // Three hours later: lagging, once; the scheduler's tick records it, a second tick does not repeat it.
    const later = new Date(copiedAt + 3 * HOUR);
    const tick = await new Scheduler(() => { throw new Error("no schedule is due here"); }, later).tick(later);
    expect(tick.copyLag?.lagging).toContain(t.id);
    expect(tick.copyLag?.lagging).not.toContain(local.id);
    expect(applyCopyLagTransitions(new Date(copiedAt + 4 * HOUR)).lagging).not.toContain(t.id);
    expect(eventsOf(t.id, "copy.lagging")).toHaveLength(1);
    expect(eventsOf(t.id, "copy.lagging")[0].payload).toMatchObject({ limitHours: 2, ageHours: expect.any(Number) });
    expect(getDashboard(a, later).rows.find((r) => r.targetId === t.id)!.copies).toMatchObject({ lagging: true });

    // A new backup is copied: recovered, once.
    const run2 = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    await waitForCopies(run2.id);
    // (the copies are stamped with the real clock: evaluate just after them)
    const after = new Date(Date.now() + 60_000);
    expect(applyCopyLagTransitions(after).recovered).toContain(t.id);
    expect(applyCopyLagTransitions(after).recovered).not.toContain(t.id);
    expect(eventsOf(t.id, "copy.recovered")).toHaveLength(1);
    expect(eventsOf(t.id, "copy.lagging")).toHaveLength(1);
    expect(getDashboard(a, after).rows.find((r) => r.targetId === t.id)!.copies!.locations.map((l) => l.copies)).toEqual([2, 2]);
  }, 180_000);

  it("the offsite copies decide: a fresh NAS copy does not hide an S3 copy older than the limit; a target whose only copy location is a NAS folder counts that", async () => {
    const a = admin();
    const s3Loc = await createStorageLocation(a, { name: "Offsite S3 (lag 2)", kind: "s3", settings: s3.settings({ prefix: "lag2" }) });
    const nasLoc = await createStorageLocation(a, { name: "NAS (lag 2)", kind: "local", settings: { path: tmpDir("lb-lag2-nas-") } });
    const both = folderTarget(a, { copies: [{ storageId: s3Loc.id }, { storageId: nasLoc.id }], lagLimitHours: 2 }, 20_000);
    const nasOnly = folderTarget(a, { copies: [{ storageId: nasLoc.id }], lagLimitHours: 2 }, 20_000);
    for (const t of [both, nasOnly]) {
      const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
      expect(run.status).toBe("success");
      await waitForCopies(run.id);
    }
    const now = new Date(Date.now() + 60_000);
    expect(copyLags(now).get(both.id)).toMatchObject({ lagging: false });
    // The S3 copy is three hours old (its upload failing since, say); the NAS copy is fresh.
    const threeHoursAgo = new Date(now.getTime() - 3 * HOUR);
    getDb().update(runCopies).set({ copiedAt: threeHoursAgo, queuedAt: threeHoursAgo }).where(and(eq(runCopies.targetId, both.id), eq(runCopies.storageId, s3Loc.id))).run();
    const lag = copyLags(now).get(both.id)!;
    expect(lag.lagging).toBe(true);
    expect(lag.newestCopyAt?.getTime()).toBe(threeHoursAgo.getTime());
    // Only a NAS folder: its copy is the one that leaves the server, and it is fresh.
    expect(copyLags(now).get(nasOnly.id)).toMatchObject({ lagging: false });
    expect(copyLags(new Date(now.getTime() + 3 * HOUR)).get(nasOnly.id)).toMatchObject({ lagging: true });
  }, 180_000);
});
