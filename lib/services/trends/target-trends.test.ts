import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, runs, targets } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { NotFoundError } from "../../errors";
import { getTargetTrends, trendRunsQuery } from "./target-trends";

const viewer: Actor = { type: "user", id: 1, email: "v@example.com", role: "viewer" };
const NOW = new Date("2025-06-10T10:30:00Z");
const DAY = 86_400_000;
let targetId = 0;
let otherApp = 0;

beforeAll(() => {
  const db = getDb();
  const appId = db.insert(apps).values({ name: "cams" }).returning().get().id;
  otherApp = db.insert(apps).values({ name: "other" }).returning().get().id;
  targetId = db.insert(targets).values({ appId, name: "cctv", type: "filesystem", source: {} }).returning().get().id;
  const other = db.insert(targets).values({ appId, name: "db", type: "filesystem", source: {} }).returning().get().id;
  const rows: (typeof runs.$inferInsert)[] = [];
  // Every 2 h for 100 days (1200 runs), every 5th failed; plus a running run and another target's runs.
  for (let i = 0; i < 1200; i++) {
    const at = new Date(NOW.getTime() - 100 * DAY + i * 2 * 3_600_000);
    const failed = i % 5 === 0;
    rows.push({ targetId, trigger: "scheduler", status: failed ? "failed" : "success", queuedAt: at, startedAt: at, durationMs: 60_000 + i, sizeBytes: failed ? null : 4e9 + i });
    rows.push({ targetId: other, trigger: "scheduler", status: "success", queuedAt: at, sizeBytes: 1 });
  }
  rows.push({ targetId, trigger: "manual", status: "running", queuedAt: new Date(NOW.getTime() - 60_000) });
  db.insert(runs).values(rows).run();
});

describe("getTargetTrends", () => {
  it("gives one point per run over 30 days and per day over 90 days (past 500 runs)", () => {
    const t = getTargetTrends(viewer, targetId, NOW);
    expect(t.ranges[30].runs).toBe(360);
    expect(t.ranges[30].series.mode).toBe("runs");
    const pts = t.ranges[30].series.points;
    expect(pts.filter((p) => "failed" in p && p.failed === true)).toHaveLength(72);
    expect(t.ranges[90].runs).toBe(1080);
    expect(t.ranges[90].series.mode).toBe("daily");
    expect(t.ranges[90].series.points.length).toBeGreaterThanOrEqual(90);
    expect(t.ranges[90].series.points.length).toBeLessThanOrEqual(91);
  });

  it("gives the success rate of every day in the range", () => {
    const t = getTargetTrends(viewer, targetId, NOW);
    expect(t.ranges[30].successPerDay).toHaveLength(30);
    const full = t.ranges[30].successPerDay.filter((d) => d.success + d.unsuccessful === 12);
    expect(full.length).toBeGreaterThan(20);
    for (const d of full) expect(d.rate).toBeGreaterThanOrEqual(0.75);
  });

  it("hides a target outside an app-scoped token's apps", () => {
    const token: Actor = { type: "token", id: 1, name: "t", role: "viewer", appIds: [otherApp] };
    expect(() => getTargetTrends(token, targetId, NOW)).toThrow(NotFoundError);
    expect(() => getTargetTrends(viewer, 99_999, NOW)).toThrow(NotFoundError);
  });

  it("reads runs through runs_target_id", () => {
    const p = getDb()
      .all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${trendRunsQuery(targetId, NOW.getTime() - 90 * DAY)}`)
      .map((r) => r.detail)
      .join(" | ");
    expect(p).toMatch(/USING INDEX runs_target_id \(target_id=\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });
});
