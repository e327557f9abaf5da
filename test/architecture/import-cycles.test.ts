import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importCycles, importGraph, isTestFile, sourceFilesUnder } from "./import-graph";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The import circles among `dir`'s production files, as repository-relative paths. */
function circlesIn(root: string, dir: string): string[][] {
  const files = sourceFilesUnder(path.join(root, dir), isTestFile);
  return importCycles(importGraph(root, files)).map((g) => g.map((f) => path.relative(root, f)));
}

describe("no import circles in lib/", () => {
  it("no two modules of lib/ import each other, directly or through others (value imports, import() included)", () => {
    // A circle makes load order matter: a module sees another half-initialised (the old boot
    // registration did exactly that). Type-only imports are erased and do not count.
    expect(circlesIn(ROOT, "lib")).toEqual([]);
  });

  it("the scan sees lib/ (a scan that sees nothing proves nothing)", () => {
    const files = sourceFilesUnder(path.join(ROOT, "lib"), isTestFile);
    const graph = importGraph(ROOT, files);
    expect(files.length).toBeGreaterThan(300);
    const edges = [...graph.values()].reduce((n, e) => n + e.length, 0);
    expect(edges).toBeGreaterThan(files.length);
    expect(graph.get(path.join(ROOT, "lib/services/runs/trigger.ts"))!.map((e) => path.relative(ROOT, e.to))).toContain("lib/engine/runs/enqueue.ts");
  });

  it("finds a circle through a dynamic import and an alias, and ignores type-only ones", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lb-cycles-"));
    const write = (f: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), text);
    };
    write("lib/a.ts", 'import { b } from "./b";\nexport const a = () => b;\n');
    write("lib/b.ts", 'export const b = () => import("@/lib/c");\n');
    write("lib/c.ts", 'import { a } from "../lib/a";\nexport const c = a;\n');
    write("lib/d.ts", 'import type { E } from "./e";\nexport type D = E;\nexport const d = 1;\n');
    write("lib/e.ts", 'import { d } from "./d";\nexport type E = number;\nexport const e = d;\n');
    write("lib/a.test.ts", 'import { a } from "./a";\nexport const t = a;\n');
    try {
      expect(circlesIn(root, "lib")).toEqual([["lib/a.ts", "lib/b.ts", "lib/c.ts"]]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
