import { describe, expect, it } from "vitest";
import { twoPassProgress } from "./two-pass-progress";

function recorder() {
  const seen: { bytes: number; total: number | null; pct: number | null }[] = [];
  const p = twoPassProgress((bytes, total) => seen.push({ bytes, total, pct: total ? Math.min(100, Math.floor((bytes / total) * 100)) : null }));
  const monotonic = () => {
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i].bytes).toBeGreaterThanOrEqual(seen[i - 1].bytes);
      if (seen[i].pct != null && seen[i - 1].pct != null) expect(seen[i].pct!).toBeGreaterThanOrEqual(seen[i - 1].pct!);
    }
  };
  return { p, seen, monotonic };
}

describe("two-pass progress (dump, then archive)", () => {
  it("uses the estimate while dumping, then the dump's size, never going back", () => {
    const { p, seen, monotonic } = recorder();
    // pg_dump -Fc compresses: the dump (300) ends up far smaller than the database (1000).
    for (const b of [0, 100, 200, 300]) p.dump(b, 1000);
    for (const d of [0, 150, 300]) p.archive(d, 300);
    monotonic();
    expect(seen[3]).toEqual({ bytes: 150, total: 1000, pct: 15 });
    expect(seen[4]).toEqual({ bytes: 150, total: 300, pct: 50 });
    expect(seen.at(-1)).toEqual({ bytes: 300, total: 300, pct: 100 });
  });

  it("a dump bigger than the estimate waits at 50 % rather than passing 100 % and dropping back", () => {
    const { p, seen, monotonic } = recorder();
    for (const b of [400, 1000, 2000]) p.dump(b, 1000);
    for (const d of [0, 1000, 2000]) p.archive(d, 2000);
    monotonic();
    expect(seen.map((s) => s.pct)).toEqual([20, 50, 50, 50, 75, 100]);
  });

  it("without an estimate the total is unknown until the dump has ended", () => {
    const { p, seen, monotonic } = recorder();
    p.dump(10);
    p.dump(50, null);
    p.archive(25, 50);
    monotonic();
    expect(seen.map((s) => s.total)).toEqual([null, null, 50]);
    expect(seen.at(-1)!.bytes).toBe(38);
  });
});
