import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { checkSchema } from "../../test/api/json-schema-check";

const ROOT = path.resolve(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === "route.ts" ? [p] : [];
  });
}

/** app/api/v1/targets/[id]/runs/route.ts → /api/v1/targets/{id}/runs */
function urlOf(file: string): string {
  const rel = path.relative(ROOT, path.dirname(file)).split(path.sep).filter(Boolean);
  return "/api/v1" + rel.map((seg) => "/" + seg.replace(/^\[(.+)\]$/, "{$1}")).join("");
}

describe("OpenAPI document", () => {
  const doc = openApiDocument("http://x") as unknown as { openapi: string; paths: Record<string, Record<string, unknown>> };

  it("documents every route file and method, and nothing else", async () => {
    const found = new Set<string>();
    for (const file of routeFiles(ROOT)) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const m of METHODS) if (typeof mod[m] === "function") found.add(`${m} ${urlOf(file)}`);
    }
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    expect([...found].sort()).toEqual([...documented].sort());
    expect(found.size).toBeGreaterThanOrEqual(14);
  });

  it("is OpenAPI 3.1 with resolvable references", () => {
    expect(doc.openapi).toBe("3.1.0");
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const r of refs) {
      const ref = r.slice(8, -1);
      expect(() => checkSchema(doc as never, { $ref: ref }, null)).not.toThrow();
    }
  });

  it("the schema checker catches wrong shapes (so the contract tests can fail)", () => {
    const root = doc as never;
    const run = { id: 1, targetId: 2, status: "success", trigger: "api", startedAt: null, finishedAt: null, durationMs: null, sizeBytes: null, sha256: null, exitCode: 0, error: null };
    expect(checkSchema(root, { $ref: "#/components/schemas/Run" }, run)).toEqual([]);
    expect(checkSchema(root, { $ref: "#/components/schemas/Run" }, { ...run, status: "great" })[0]).toMatch(/status/);
    expect(checkSchema(root, { $ref: "#/components/schemas/Run" }, { ...run, extra: 1 })[0]).toMatch(/unexpected property "extra"/);
    const { exitCode: _drop, ...missing } = run;
    void _drop;
    expect(checkSchema(root, { $ref: "#/components/schemas/Run" }, missing)[0]).toMatch(/missing required "exitCode"/);
    expect(checkSchema(root, { $ref: "#/components/schemas/Run" }, { ...run, startedAt: "not a date" })[0]).toMatch(/date-time/);
  });
});
