// Issue 10, "Installing must work everywhere": `npm ci` refused the lock on every machine
// ("Missing: @next/swc-darwin-arm64 … from lock file") because npm, updating a lock over an
// existing node_modules, dropped other platforms' optional packages. The lock must list every
// optional package each entry names, agree with package.json, and every install path must use
// `npm ci` with no `npm install` fallback, so that a broken lock fails loudly again.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const read = (f: string) => fs.readFileSync(path.join(root, f), "utf8");

interface LockEntry {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const lock = JSON.parse(read("package-lock.json")) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const pkg = JSON.parse(read("package.json")) as Record<string, unknown>;

/** Where Node (and npm ci) would find `dep` from the package at `from`: its own node_modules, then each parent's. */
function resolves(packages: Record<string, LockEntry>, from: string, dep: string): boolean {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ""}node_modules/${dep}`]) return true;
    if (!dir) return false;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i >= 0 ? dir.slice(0, i) : "";
  }
}

function missingOptionals(packages: Record<string, LockEntry>): string[] {
  return Object.entries(packages).flatMap(([at, e]) =>
    Object.keys(e.optionalDependencies ?? {})
      .filter((dep) => !resolves(packages, at, dep))
      .map((dep) => `${dep} (optional dependency of ${at || "the root"})`),
  );
}

describe("package-lock.json", () => {
  it("is a v3 lock that agrees with package.json", () => {
    expect(lock.lockfileVersion).toBe(3);
    const top = lock.packages[""]!;
    for (const k of ["dependencies", "devDependencies", "optionalDependencies"] as const) expect(top[k], k).toEqual(pkg[k]);
  });

  it("lists every platform's optional packages (next's swc binaries among them)", () => {
    expect(missingOptionals(lock.packages)).toEqual([]);
    for (const p of ["darwin-arm64", "darwin-x64", "linux-x64-gnu", "linux-arm64-musl", "win32-x64-msvc"]) {
      expect(lock.packages[`node_modules/@next/swc-${p}`], `@next/swc-${p}`).toBeDefined();
    }
  });

  it("the check sees a lock that lost a platform's package (the bug npm ci refused)", () => {
    const broken = { ...lock.packages };
    delete broken["node_modules/@next/swc-darwin-arm64"];
    expect(missingOptionals(broken)).toContain("@next/swc-darwin-arm64 (optional dependency of node_modules/next)");
  });
});

describe("every install path uses npm ci, with no npm install fallback", () => {
  it.each(["Dockerfile", ".ci/run", "package.json"])("%s", (f) => {
    const text = read(f);
    expect(text).toMatch(/npm ci\b/);
    // Comments may tell a person how to regenerate the lock; commands may not fall back to it.
    const commands = text
      .split("\n")
      .filter((l) => !l.trim().startsWith("#"))
      .join("\n");
    expect(commands).not.toMatch(/npm (install|i)\b/);
  });
});
