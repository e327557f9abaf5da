import { describe, expect, it } from "vitest";
import { aggregatePerDay, dayKey, PER_RUN_LIMIT, successPerDay, toTrendSeries, type RunPoint } from "./per-day";

const H = 3_600_000;
const t0 = Date.UTC(2025, 2, 1, 0, 0);

function points(n: number, everyMs: number, failEvery = 0): RunPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    runId: i + 1,
    at: t0 + i * everyMs,
    status: failEvery && i % failEvery === 0 ? "failed" : "success",
    failed: Boolean(failEvery && i % failEvery === 0),
    sizeBytes: failEvery && i % failEvery === 0 ? null : 100 + i,
    durationMs: 1000,
  }));
}

describe("toTrendSeries", () => {
  it("keeps one point per run up to the threshold", () => {
    const s = toTrendSeries(points(PER_RUN_LIMIT, H), "UTC");
    expect(s.mode).toBe("runs");
    expect(s.points).toHaveLength(PER_RUN_LIMIT);
  });

  it("aggregates per day past the threshold (thousands of runs stay readable)", () => {
    // 90 days of runs every 15 min = 8640 runs → 90 daily points.
    const s = toTrendSeries(points(90 * 96, 15 * 60_000, 10), "UTC");
    expect(s.mode).toBe("daily");
    expect(s.points).toHaveLength(90);
    const first = s.points[0] as ReturnType<typeof aggregatePerDay>[number];
    expect(first.day).toBe("2025-03-01");
    expect(first.runs).toBe(96);
    expect(first.failed).toBe(10); // i = 0, 10, …, 90
  });
});

describe("aggregatePerDay", () => {
  it("averages size and duration over the successful runs of each day only", () => {
    const pts = points(4, 6 * H, 2); // 00:00 failed, 06:00 ok(101), 12:00 failed, 18:00 ok(103)
    const [d] = aggregatePerDay(pts, "UTC");
    expect(d).toMatchObject({ day: "2025-03-01", runs: 4, failed: 2, avgSizeBytes: 102, maxSizeBytes: 103 });
  });

  it("cuts days in the console timezone", () => {
    // 18:00 UTC is 01:00 the next day in Ho Chi Minh City (UTC+7).
    expect(dayKey(Date.UTC(2025, 2, 1, 18), "Asia/Ho_Chi_Minh")).toBe("2025-03-02");
    const days = aggregatePerDay(points(2, 18 * H), "Asia/Ho_Chi_Minh").map((d) => d.day);
    expect(days).toEqual(["2025-03-01", "2025-03-02"]);
  });
});

describe("successPerDay", () => {
  it("fills every day of the range, with null on days without runs", () => {
    const now = new Date(Date.UTC(2025, 2, 3, 12));
    const s = successPerDay(points(4, 6 * H, 2), "UTC", 3, now);
    expect(s.map((d) => d.day)).toEqual(["2025-03-01", "2025-03-02", "2025-03-03"]);
    expect(s[0]).toMatchObject({ success: 2, unsuccessful: 2, rate: 0.5 });
    expect(s[1].rate).toBeNull();
  });
});
