import { describe, expect, it } from "vitest";
import { spanOf, tickScale, timeTickFormatter } from "./chart-ticks";

const at = (iso: string) => Date.parse(iso);
const opts = { locale: "en-GB", timeZone: "UTC" };

describe("time axis ticks", () => {
  it("labels runs minutes apart by time of day, so the ticks differ", () => {
    const min = at("2025-12-02T10:00:00Z");
    const max = at("2025-12-02T10:40:00Z");
    const f = timeTickFormatter(min, max, opts);
    const labels = [min, min + 10 * 60_000, min + 20 * 60_000, max].map(f);
    expect(labels).toEqual(["10:00", "10:10", "10:20", "10:40"]);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("adds the weekday over a few days, the date over weeks, the month over a year", () => {
    expect(tickScale(3 * 86_400_000)).toBe("weekday-time");
    expect(timeTickFormatter(at("2025-12-01T00:00:00Z"), at("2025-12-04T00:00:00Z"), opts)(at("2025-12-02T14:05:00Z"))).toBe("Tue 14:05");
    expect(timeTickFormatter(at("2025-11-01T00:00:00Z"), at("2025-12-01T00:00:00Z"), opts)(at("2025-11-15T12:00:00Z"))).toBe("15 Nov");
    expect(timeTickFormatter(at("2024-01-01T00:00:00Z"), at("2025-12-01T00:00:00Z"), opts)(at("2025-03-15T12:00:00Z"))).toBe("Mar 2025");
  });

  it("finds the span of a series", () => {
    expect(spanOf([])).toEqual([0, 0]);
    expect(spanOf([{ at: 5 }, { at: 2 }, { at: 9 }])).toEqual([2, 9]);
  });
});
