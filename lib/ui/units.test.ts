// Issue 12: sizes in one unit system everywhere (the console showed "21.9 KB" beside "22 KiB").
// Every size on a page goes through formatBytes (binary units); no page or component spells a
// decimal unit of its own.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatBytes, formatBytesExact, formatLimit } from "./units";
import { capReportLog, REPORT_LOG_MAX_BYTES } from "../services/reports/schemas";
import { segmentsPerLogId } from "../engine/pitr/wal-names";

const ROOT = path.resolve(import.meta.dirname, "../..");

// Where a decimal-looking unit is not ours to choose: PostgreSQL's own setting syntax and its
// SHOW output ("16MB" is how wal_segment_size reads back), parsed or written verbatim.
const NOT_OURS: Array<[string, RegExp]> = [
  ["lib/engine/pitr/wal-names.ts", /kB\|MB\|GB|\{ kB: 1024|as "kB" \| "MB" \| "GB"/],
  ["lib/engine/pitr/scratch-cluster.ts", /shared_buffers = \d+MB/],
];

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true }).flatMap((e) => (e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path.join(e.parentPath, e.name)] : []));
}

describe("sizes", () => {
  it("are binary units, one decimal under 10", () => {
    expect([0, 1023, 1024, 22_400, 13 * 1024 * 1024, 5 * 1024 ** 3].map(formatBytes)).toEqual(["0 B", "1023 B", "1.0 KiB", "22 KiB", "13 MiB", "5.0 GiB"]);
    expect(formatBytes(null)).toBe("—");
  });

  it("limits read without a needless decimal, measurements keep the exact count", () => {
    expect([1024 * 1024, 100 * 1024, 1536 * 1024, 64 * 1024 ** 2, 1 << 30].map(formatLimit)).toEqual(["1 MiB", "100 KiB", "1.5 MiB", "64 MiB", "1 GiB"]);
    expect(formatBytesExact(22_400)).toBe("22 KiB (22400 bytes)");
    expect(formatBytesExact(17)).toBe("17 B");
    expect(formatBytesExact(null)).toBe("unknown size");
  });

  it("API error texts and log lines use the same units (a cut report log, a bad WAL segment size)", () => {
    expect(capReportLog("x".repeat(REPORT_LOG_MAX_BYTES + 10))).toMatch(/reported log cut at 100 KiB: only its beginning is kept\n$/);
    expect(() => segmentsPerLogId(1000)).toThrow("(a power of two from 1 MiB to 1 GiB)");
  });

  it("no string in lib/ (API errors, run log lines, notifications) spells a decimal size unit", () => {
    const sources = files("lib");
    expect(sources.length).toBeGreaterThan(100);
    const offenders = sources.flatMap((f) => {
      const rel = path.relative(ROOT, f);
      if (rel.endsWith(".testing.ts")) return [];
      return fs
        .readFileSync(f, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${rel}:${i + 1}` }))
        .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && /(?<![-\w])\d*\s?(KB|kB|MB|GB|TB)\b/.test(line))
        .filter(({ line }) => !NOT_OURS.some(([file, ok]) => file === rel && ok.test(line)))
        .map(({ at, line }) => `${at}: ${line.trim()}`);
    });
    expect(offenders).toEqual([]);
  });

  it("no page or component writes a decimal size unit (KB, MB, GB, TB) of its own", () => {
    const pages = [...files("app"), ...files("components")];
    expect(pages.length).toBeGreaterThan(50); // a scan that sees nothing proves nothing
    const offenders = pages.flatMap((f) =>
      fs
        .readFileSync(f, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${path.relative(ROOT, f)}:${i + 1}` }))
        .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && /(?<![-\w])\d*\s?(KB|kB|MB|GB|TB)\b/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
