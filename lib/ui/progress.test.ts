import { describe, expect, it } from "vitest";
import { progressFigures } from "./progress";
import { formatBytes, formatDuration, formatRate } from "./units";

const started = "2025-01-01T00:00:00.000Z";
const at = (s: number) => Date.parse(started) + s * 1000;

describe("progressFigures", () => {
  it("gives percentage, throughput and time left when the total is known", () => {
    const f = progressFigures({ status: "running", startedAt: started, bytesProcessed: 250 * 2 ** 20, totalBytes: 1000 * 2 ** 20 }, at(10));
    expect(f.percent).toBe(25);
    expect(formatRate(f.rate)).toBe("25 MiB/s");
    expect(f.leftMs).toBe(30_000);
    expect(formatDuration(f.leftMs)).toBe("30 s");
  });

  it("gives bytes and throughput only when the total is unknown", () => {
    const f = progressFigures({ status: "running", startedAt: started, bytesProcessed: 3 * 2 ** 30, totalBytes: null }, at(60));
    expect(f.percent).toBeNull();
    expect(f.leftMs).toBeNull();
    expect(formatBytes(f.done)).toBe("3.0 GiB");
    expect(formatRate(f.rate)).toBe("51 MiB/s");
  });

  it("caps at 100 % when the folder grew while it was read, and waits for the clock", () => {
    expect(progressFigures({ status: "running", startedAt: started, bytesProcessed: 120, totalBytes: 100 }, at(1)).percent).toBe(100);
    expect(progressFigures({ status: "running", startedAt: started, bytesProcessed: 120, totalBytes: 100 }, null).rate).toBeNull();
  });
});
