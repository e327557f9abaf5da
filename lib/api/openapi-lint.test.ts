import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { call } from "../../test/api/testing";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";

const REDOCLY = path.resolve(import.meta.dirname, "../../node_modules/@redocly/cli/bin/cli.js");

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

/** Redocly's `recommended` ruleset on a document, as JSON (no telemetry, no update check). */
async function lint(doc: unknown): Promise<LintReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-openapi-"));
  const file = path.join(dir, "openapi.json");
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
  // Exit code 1 when there are errors: the JSON report is on stdout either way.
  const out = await promisify(execFile)(process.execPath, [REDOCLY, "lint", "--extends", "recommended", "--format", "json", file], { env, cwd: dir }).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }),
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return JSON.parse(out.stdout.slice(out.stdout.indexOf("{"))) as LintReport;
}

const served = async () => (await call(openapiRoute.GET, "GET", "/api/v1/openapi.json", { headers: { host: "backups.internal.test" } })).json();
const problems = (r: LintReport) => r.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer ?? ""}: ${p.message}`);

describe("OpenAPI document under Redocly's recommended lint (generated clients need names and error responses)", () => {
  it("has no errors and no warnings but the missing licence (Lifeboat names none)", async () => {
    const report = await lint(await served());
    expect(report.totals.errors).toBe(0);
    expect(problems(report).filter((p) => !p.startsWith("info-license "))).toEqual([]);
    expect(report.totals.warnings).toBe(1);
  }, 60_000);

  it("the lint sees what it should: an operation without operationId or 4XX response is reported", async () => {
    const doc = await served();
    delete doc.paths["/api/v1/runs/{id}"].get.operationId;
    for (const code of ["400", "401", "404"]) delete doc.paths["/api/v1/runs/{id}"].get.responses[code];
    const found = problems(await lint(doc));
    expect(found).toEqual(
      expect.arrayContaining([expect.stringMatching(/^operation-operationId .*runs~1\{id\}\/get/), expect.stringMatching(/^operation-4xx-response .*runs~1\{id\}\/get/)]),
    );
  }, 60_000);

  it("every operationId is unique and every operation documents a 4XX answer", async () => {
    const doc = (await served()) as { paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>> };
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    const ids = ops.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.filter((o) => !Object.keys(o.responses).some((c) => /^4\d\d$/.test(c)))).toEqual([]);
  });

  it("the document answers 406 to a client that does not accept JSON", async () => {
    const res = await call(openapiRoute.GET, "GET", "/api/v1/openapi.json", { headers: { accept: "text/html" } });
    expect(res.status).toBe(406);
    expect((await res.json()).error.code).toBe("not_acceptable");
    for (const accept of ["text/html,application/xhtml+xml,*/*;q=0.8", "application/json", "application/*"]) {
      expect((await call(openapiRoute.GET, "GET", "/api/v1/openapi.json", { headers: { accept } })).status).toBe(200);
    }
    expect((await call(openapiRoute.GET, "GET", "/api/v1/openapi.json", { headers: { accept: "application/json;q=0" } })).status).toBe(406);
  });
});
