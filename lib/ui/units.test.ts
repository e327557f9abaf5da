// Issue 12: sizes in one unit system everywhere (the console showed "21.9 KB" beside "22 KiB").
// Every size on a page goes through formatBytes (binary units); no page or component spells a
// decimal unit of its own.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatBytes } from "./units";

const ROOT = path.resolve(import.meta.dirname, "../..");

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true }).flatMap((e) => (e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path.join(e.parentPath, e.name)] : []));
}

describe("sizes", () => {
  it("are binary units, one decimal under 10", () => {
    expect([0, 1023, 1024, 22_400, 13 * 1024 * 1024, 5 * 1024 ** 3].map(formatBytes)).toEqual(["0 B", "1023 B", "1.0 KiB", "22 KiB", "13 MiB", "5.0 GiB"]);
    expect(formatBytes(null)).toBe("—");
  });

  it("no page or component writes a decimal size unit (KB, MB, GB, TB) of its own", () => {
    const pages = [...files("app"), ...files("components")];
    expect(pages.length).toBeGreaterThan(50); // a scan that sees nothing proves nothing
    const offenders = pages.flatMap((f) =>
      fs
        .readFileSync(f, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${path.relative(ROOT, f)}:${i + 1}` }))
        .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && /\b\d*\s?(KB|kB|MB|GB|TB)\b/.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
