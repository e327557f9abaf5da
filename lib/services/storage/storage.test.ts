import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, events, runs, storageSamples, targets } from "../../db/schema";
import { SYSTEM, type Actor } from "../../auth/actor";
import { env } from "../../env";
import { updateSettings } from "../settings/settings";
import { checkStorageForecast } from "../../engine/storage/space/forecast-check";
import { getStorageOverview } from "./overview";
import { recordStorageSamples } from "../../engine/storage/space/sample";
import { usedBytesByTargetQuery } from "../../engine/storage/space/usage";
import { observedRunsQuery } from "../../engine/storage/space/growth";

const viewer: Actor = { type: "user", id: 1, email: "v@example.com", role: "viewer" };
const DAY = 86_400_000;
const GB = 1024 ** 3;
const NOW = new Date();
let cctv = 0;
let db1 = 0;
let root = "";

beforeAll(() => {
  root = path.join(env().dataDir, "backups");
  fs.mkdirSync(root, { recursive: true });
  updateSettings(SYSTEM, { defaultStorageDir: root });
  const db = getDb();
  const appId = db.insert(apps).values({ name: "cams" }).returning().get().id;
  cctv = db.insert(targets).values({ appId, name: "cctv", type: "filesystem", source: {}, keepDays: 3 }).returning().get().id;
  db1 = db.insert(targets).values({ appId, name: "db", type: "postgres", source: {}, keepDays: null }).returning().get().id;
  const rows: (typeof runs.$inferInsert)[] = [];
  for (let d = 10; d >= 1; d--) {
    const at = new Date(NOW.getTime() - d * DAY);
    const present = d <= 3;
    rows.push({ targetId: cctv, trigger: "scheduler", status: "success", queuedAt: at, sizeBytes: 4 * GB, storageRoot: root, artifactState: present ? "present" : "pruned" });
    rows.push({ targetId: db1, trigger: "scheduler", status: "success", queuedAt: at, sizeBytes: 1000, storageRoot: root, artifactState: "present" });
  }
  rows.push({ targetId: db1, trigger: "scheduler", status: "failed", queuedAt: new Date(NOW.getTime() - DAY / 2), sizeBytes: null });
  db.insert(runs).values(rows).run();
});

describe("getStorageOverview", () => {
  it("sums bytes of present artifacts per target and in total", () => {
    const o = getStorageOverview(viewer, NOW);
    const byName = Object.fromEntries(o.targets.map((t) => [t.targetName, t]));
    expect(byName.cctv.usedBytes).toBe(12 * GB);
    expect(byName.db.usedBytes).toBe(10_000);
    expect(o.totalUsedBytes).toBe(12 * GB + 10_000);
  });

  it("derives growth from run sizes and the steady state from the retention policy", () => {
    const o = getStorageOverview(viewer, NOW);
    const byName = Object.fromEntries(o.targets.map((t) => [t.targetName, t]));
    expect(byName.cctv.bytesPerDay).toBeCloseTo(4 * GB, -3);
    expect(byName.cctv.steadyBytes).toBeCloseTo(4 * 4 * GB, -3); // keep 3 days of daily runs + the new one
    expect(byName.db.steadyBytes).toBeNull(); // no rule: grows forever
  });

  it("reports the free space of the storage folder and a forecast in words", () => {
    const o = getStorageOverview(viewer, NOW);
    const v = o.volumes.find((x) => x.roots.includes(root))!;
    const s = fs.statfsSync(root);
    expect(v.totalBytes).toBe(s.blocks * s.bsize);
    expect(Math.abs(v.freeBytes - s.bavail * s.bsize)).toBeLessThan(512 * 1024 * 1024);
    expect(v.growthSource).toBe("runs");
    // db grows ~1000 B/day without bound: the disk fills, but far beyond any warning.
    expect(v.words).toMatch(/^(full in ~\d+ days|not filling up)$/);
    expect(v.warning).toBe(false);
  });

  it("reads only present artifacts through the runs_present partial index", () => {
    const p = getDb().all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${usedBytesByTargetQuery()}`).map((r) => r.detail).join(" | ");
    expect(p).toMatch(/runs_present/);
  });

  it("reads the growth window as a range of runs_queued_at, not every run of a status", () => {
    const p = getDb().all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${observedRunsQuery(NOW.getTime() - 14 * DAY)}`).map((r) => r.detail).join(" | ");
    expect(p).toMatch(/runs_queued_at \(queued_at>\?\)/);
  });
});

describe("storage samples", () => {
  it("records one sample per root per day", () => {
    expect(recordStorageSamples(NOW)).toContain(root);
    expect(recordStorageSamples(new Date(NOW.getTime() + 3_600_000))).toEqual([]);
    const s = getDb().select().from(storageSamples).where(eq(storageSamples.storageRoot, root)).all();
    expect(s).toHaveLength(1);
    expect(s[0].usedBytes).toBe(12 * GB + 10_000);
  });
});

describe("checkStorageForecast", () => {
  const forecastEvents = () => getDb().select().from(events).where(eq(events.type, "storage.forecast")).all();

  it("records storage.forecast once per episode", () => {
    // A target without retention adding 1 PB a day fills any disk within a day.
    const db = getDb();
    const huge = () => db.update(runs).set({ sizeBytes: 1e15 }).where(eq(runs.targetId, db1)).run();
    const small = () => db.update(runs).set({ sizeBytes: 1000 }).where(eq(runs.targetId, db1)).run();
    huge();
    expect(checkStorageForecast(NOW)).toHaveLength(1);
    expect(checkStorageForecast(new Date(NOW.getTime() + 3_600_000))).toHaveLength(0);
    expect(forecastEvents()).toHaveLength(1);
    expect(forecastEvents()[0].payload).toMatchObject({ volume: expect.any(String), warnDays: 14 });
    expect(String(forecastEvents()[0].payload?.words)).toMatch(/full (now|within a day)/);
    // Back to normal: the episode ends; a new drop is a new episode.
    small();
    expect(checkStorageForecast(NOW)).toHaveLength(0);
    huge();
    expect(checkStorageForecast(NOW)).toHaveLength(1);
    expect(forecastEvents()).toHaveLength(2);
    small();
  });
});
