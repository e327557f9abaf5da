import path from "node:path";
import { describe, expect, it } from "vitest";
import { importGraph, isTestFile, sourceFilesUnder } from "./import-graph";

const ROOT = path.resolve(import.meta.dirname, "../..");
const rel = (f: string) => path.relative(ROOT, f);

// Base modules import nothing above them; the engine imports base modules and itself only.
// (ESLint's no-restricted-imports says the same while typing; this also sees import() and type imports,
// and cannot be switched off by a comment.)
const BASE = [/^lib\/(db|crypto|audit|settings|ui|net|json)\//, /^lib\/(env|errors|data-dir)\.ts$/];
const isBase = (f: string) => BASE.some((re) => re.test(f));
const isEngine = (f: string) => f.startsWith("lib/engine/");

/** "from → to" for every import of a production file under `dir` that `allowed` refuses. */
function offending(dir: string, allowed: (to: string) => boolean): string[] {
  const files = sourceFilesUnder(path.join(ROOT, dir), isTestFile);
  const out: string[] = [];
  for (const [from, edges] of importGraph(ROOT, files)) {
    for (const e of edges) if (!allowed(rel(e.to))) out.push(`${rel(from)} → ${rel(e.to)}`);
  }
  return out;
}

describe("layers", () => {
  it("the engine imports only base modules and itself (no services, auth, actions, api, cli, http, app, components)", () => {
    expect(offending("lib/engine", (to) => isEngine(to) || isBase(to))).toEqual([]);
  });

  it("base modules import only base modules", () => {
    const baseDirs = ["lib/db", "lib/crypto", "lib/audit", "lib/settings", "lib/ui", "lib/net", "lib/json"];
    expect(baseDirs.flatMap((d) => offending(d, isBase))).toEqual([]);
  });

  it("pages and components import neither the engine nor the database", () => {
    expect(["app", "components"].flatMap((d) => offending(d, (to) => !isEngine(to) && !to.startsWith("lib/db/")))).toEqual([]);
  });

  it("the check sees an import that breaks the rule (a check that cannot fail proves nothing)", () => {
    expect(offending("lib/services/runs", (to) => !isEngine(to))).toContain("lib/services/runs/trigger.ts → lib/engine/runs/enqueue.ts");
  });
});
