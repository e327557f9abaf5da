import { describe, expect, it } from "vitest";
import { forecastVolume, forecastWords, isForecastWarning, slopePerDay, steadyArtifactCount } from "./forecast";

const GB = 1024 ** 3;
const DAY = 86_400_000;

describe("steadyArtifactCount", () => {
  it("keeps keepDays × runs per day, plus the new artifact written before the sweep", () => {
    expect(steadyArtifactCount({ keepDays: 3 }, 1)).toBe(4);
    expect(steadyArtifactCount({ keepDays: 3 }, 24)).toBe(73);
  });
  it("takes the largest rule (rules are a union) and sums tiers as an upper bound", () => {
    expect(steadyArtifactCount({ keepDays: 3, keepLast: 10 }, 1)).toBe(11);
    expect(steadyArtifactCount({ keepDaily: 7, keepWeekly: 4, keepMonthly: 12 }, 1)).toBe(24);
  });
  it("is unbounded (null) when no rule is set", () => {
    expect(steadyArtifactCount({}, 1)).toBeNull();
    expect(steadyArtifactCount({ keepDays: 0, keepLast: null }, 5)).toBeNull();
  });
});

describe("forecastVolume", () => {
  it("a CCTV target growing 4 GB/day with keepDays 3 reaches steady state: not filling up", () => {
    const cap = steadyArtifactCount({ keepDays: 3 }, 1)! * 4 * GB; // 16 GB
    const f = forecastVolume({ freeBytes: 100 * GB, targets: [{ usedBytes: 8 * GB, bytesPerDay: 4 * GB, capBytes: cap }] });
    expect(f.daysUntilFull).toBeNull();
    expect(f.bytesPerDayNow).toBe(4 * GB);
    expect(f.bytesPerDaySteady).toBe(0);
    expect(forecastWords(f.daysUntilFull)).toBe("not filling up");
  });

  it("the same target without retention fills 100 GB in 25 days", () => {
    const f = forecastVolume({ freeBytes: 100 * GB, targets: [{ usedBytes: 8 * GB, bytesPerDay: 4 * GB, capBytes: null }] });
    expect(f.daysUntilFull).toBeCloseTo(25, 6);
    expect(forecastWords(f.daysUntilFull)).toBe("full in ~25 days");
  });

  it("a capped target still fills a disk too small for its steady state", () => {
    const f = forecastVolume({ freeBytes: 5 * GB, targets: [{ usedBytes: 8 * GB, bytesPerDay: 4 * GB, capBytes: 16 * GB }] });
    expect(f.daysUntilFull).toBeCloseTo(1.25, 6);
  });

  it("slows down when a capped target saturates (piecewise growth)", () => {
    // Days 0–2: 4 (cctv) + 1 (db) + 0.5 (other) = 5.5 GB/day → 11 GB; then 1.5 GB/day for the remaining 89 GB.
    const f = forecastVolume({
      freeBytes: 100 * GB,
      otherBytesPerDay: 0.5 * GB,
      targets: [
        { usedBytes: 8 * GB, bytesPerDay: 4 * GB, capBytes: 16 * GB },
        { usedBytes: 2 * GB, bytesPerDay: 1 * GB, capBytes: null },
      ],
    });
    expect(f.daysUntilFull).toBeCloseTo(2 + 89 / 1.5, 6);
    expect(f.bytesPerDaySteady).toBe(1.5 * GB);
  });

  it("counts the space a tightened policy will free at the next sweep", () => {
    const f = forecastVolume({
      freeBytes: 10 * GB,
      otherBytesPerDay: 1 * GB,
      targets: [{ usedBytes: 30 * GB, bytesPerDay: 4 * GB, capBytes: 16 * GB }],
    });
    expect(f.daysUntilFull).toBeCloseTo(24, 6);
  });

  it("is full now when there is no free space, and not filling up with no growth", () => {
    expect(forecastVolume({ freeBytes: 0, targets: [] }).daysUntilFull).toBe(0);
    expect(forecastVolume({ freeBytes: GB, targets: [{ usedBytes: 0, bytesPerDay: 0, capBytes: null }] }).daysUntilFull).toBeNull();
  });

  it("says not filling up beyond the horizon", () => {
    const f = forecastVolume({ freeBytes: 1000 * GB, horizonDays: 365, targets: [{ usedBytes: 0, bytesPerDay: GB, capBytes: null }] });
    expect(f.daysUntilFull).toBeNull();
  });
});

describe("slopePerDay", () => {
  it("fits bytes per day over the samples", () => {
    const t0 = Date.UTC(2025, 0, 1);
    const pts = [0, 1, 2, 3].map((d) => ({ at: t0 + d * DAY, value: 10 * GB + d * 4 * GB }));
    expect(slopePerDay(pts)).toBeCloseTo(4 * GB, 0);
  });
  it("is null when the samples are too thin to tell", () => {
    expect(slopePerDay([{ at: 0, value: 1 }])).toBeNull();
    expect(slopePerDay([{ at: 0, value: 1 }, { at: DAY / 2, value: 5 }])).toBeNull();
  });
});

describe("words and warning", () => {
  it("reads naturally", () => {
    expect(forecastWords(23.7)).toBe("full in ~23 days");
    expect(forecastWords(1.2)).toBe("full in ~1 day");
    expect(forecastWords(0.4)).toBe("full within a day");
    expect(forecastWords(0)).toBe("full now");
  });
  it("warns only below the threshold", () => {
    expect(isForecastWarning(13.9, 14)).toBe(true);
    expect(isForecastWarning(14, 14)).toBe(false);
    expect(isForecastWarning(null, 14)).toBe(false);
  });
});
