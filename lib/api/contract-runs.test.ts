import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { call, documented } from "../../test/api/testing";
import { seedApi, ADMIN_CLI } from "../../test/api/fixtures";
import * as triggerRoute from "@/app/api/v1/targets/[id]/runs/route";
import * as reportRoute from "@/app/api/v1/targets/[id]/report/route";
import * as runsRoute from "@/app/api/v1/runs/route";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import * as logRoute from "@/app/api/v1/runs/[id]/log/route";
import * as artifactRoute from "@/app/api/v1/runs/[id]/artifact/route";
import * as pingRoute from "@/app/api/v1/ping/[key]/[event]/route";
import * as targetsRoute from "@/app/api/v1/targets/route";
import { waitForRun } from "../engine/runs/wait";
import { getDb } from "../db/client";
import { auditLog, events, targets } from "../db/schema";
import { createToken } from "../services/tokens/create";
import { getPingKey, rotatePingKey } from "../services/reports/ping-key";

type ApiRun = { id: number; targetId: number; status: string; trigger: string; exitCode: number | null; sizeBytes: number | null; error: string | null; durationMs: number | null };

let s: ReturnType<typeof seedApi>;
beforeAll(() => {
  s = seedApi();
});

const report = (token: string, id: number, body: unknown) => call(reportRoute.POST, "POST", `/api/v1/targets/${id}/report`, { token, params: { id: String(id) }, body });
const getRun = async (token: string, id: number) =>
  (await documented<{ run: ApiRun }>(await call(runRoute.GET, "GET", `/api/v1/runs/${id}`, { token, params: { id: String(id) } }), "/api/v1/runs/{id}", "get")).run;
const getLog = (token: string, id: number) => call(logRoute.GET, "GET", `/api/v1/runs/${id}/log`, { token, params: { id: String(id) } });

describe("API v1 backups and runs", () => {
  it("triggers a backup (202), refuses a second one while it runs (409), and serves the run, its log and its artifact", async () => {
    const id = String(s.alphaFiles.id);
    const viewer = await call(triggerRoute.POST, "POST", `/api/v1/targets/${id}/runs`, { token: s.tokens.viewer, params: { id } });
    expect(viewer.status).toBe(403);
    await documented(viewer, "/api/v1/targets/{id}/runs", "post");

    const res = await call(triggerRoute.POST, "POST", `/api/v1/targets/${id}/runs`, { token: s.tokens.operator, params: { id } });
    expect(res.status).toBe(202);
    const { run } = await documented<{ run: { id: number; status: string } }>(res, "/api/v1/targets/{id}/runs", "post");
    expect(["queued", "running"]).toContain(run.status);
    const again = await call(triggerRoute.POST, "POST", `/api/v1/targets/${id}/runs`, { token: s.tokens.operator, params: { id } });
    expect(again.status).toBe(409);
    expect((await documented<{ error: { code: string } }>(again, "/api/v1/targets/{id}/runs", "post")).error.code).toBe("conflict");

    await waitForRun(run.id);
    const done = await getRun(s.tokens.viewer, run.id);
    expect(done).toMatchObject({ id: run.id, targetId: s.alphaFiles.id, status: "success", trigger: "api" });
    expect(done.sizeBytes).toBeGreaterThan(0);

    const log = await getLog(s.tokens.viewer, run.id);
    expect(log.status).toBe(200);
    expect(log.headers.get("content-type")).toMatch(/^text\/plain/);
    expect((await log.text()).length).toBeGreaterThan(0);

    const rid = String(run.id);
    const forbidden = await call(artifactRoute.GET, "GET", `/api/v1/runs/${rid}/artifact`, { token: s.tokens.viewer, params: { id: rid } });
    expect(forbidden.status).toBe(403);
    await documented(forbidden, "/api/v1/runs/{id}/artifact", "get");
    const full = await call(artifactRoute.GET, "GET", `/api/v1/runs/${rid}/artifact`, { token: s.tokens.operator, params: { id: rid } });
    expect(full.status).toBe(200);
    const bytes = new Uint8Array(await full.arrayBuffer());
    expect(bytes.length).toBe(done.sizeBytes);
    const part = await call(artifactRoute.GET, "GET", `/api/v1/runs/${rid}/artifact`, { token: s.tokens.operator, params: { id: rid }, headers: { range: "bytes=0-9" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-9/${done.sizeBytes}`);
    expect(Array.from(new Uint8Array(await part.arrayBuffer()))).toEqual(Array.from(bytes.slice(0, 10)));
    const downloads = getDb().select().from(auditLog).where(eq(auditLog.action, "artifact.download")).all();
    expect(downloads.some((d) => d.actorLabel === "token:operator")).toBe(true);
  });

  it("records a reported run: start opens it (trigger api), success closes it with its log", async () => {
    const id = s.alphaExt.id;
    const viewer = await report(s.tokens.viewer, id, { event: "start" });
    expect(viewer.status).toBe(403);

    const start = await report(s.tokens.operator, id, { event: "start" });
    expect(start.status).toBe(201);
    const opened = (await documented<{ run: ApiRun }>(start, "/api/v1/targets/{id}/report", "post")).run;
    expect(opened).toMatchObject({ status: "running", trigger: "api", targetId: id });
    const list = await documented<{ targets: { id: number; status: string }[] }>(await call(targetsRoute.GET, "GET", "/api/v1/targets", { token: s.tokens.viewer }), "/api/v1/targets", "get");
    expect(list.targets.find((t) => t.id === id)!.status).toBe("running");

    const done = await report(s.tokens.operator, id, { event: "success", exitCode: 0, sizeBytes: 12345, durationMs: 4200, artifactPath: "/backups/cron.tar.gz", log: "dumped 3 tables\nall good\n" });
    expect(done.status).toBe(200);
    const closed = (await documented<{ run: ApiRun }>(done, "/api/v1/targets/{id}/report", "post")).run;
    expect(closed).toMatchObject({ id: opened.id, status: "success", exitCode: 0, sizeBytes: 12345, durationMs: 4200 });
    expect(await (await getLog(s.tokens.viewer, opened.id)).text()).toContain("all good");

    const after = await documented<{ targets: { id: number; status: string; lastSizeBytes: number | null }[] }>(
      await call(targetsRoute.GET, "GET", "/api/v1/targets", { token: s.tokens.viewer }),
      "/api/v1/targets",
      "get",
    );
    expect(after.targets.find((t) => t.id === id)).toMatchObject({ status: "ok", lastSizeBytes: 12345 });
  });

  it("records a failure with no open run as a finished failed run and raises run.failed", async () => {
    const res = await report(s.tokens.operator, s.alphaExt.id, { event: "fail", exitCode: 2, log: "pg_dump: connection refused" });
    expect(res.status).toBe(201);
    const run = (await documented<{ run: ApiRun }>(res, "/api/v1/targets/{id}/report", "post")).run;
    expect(run).toMatchObject({ status: "failed", exitCode: 2, trigger: "api" });
    expect(run.error).toContain("connection refused");
    const ev = getDb().select().from(events).where(eq(events.runId, run.id)).all();
    expect(ev.map((e) => e.type)).toEqual(["run.failed"]);
  });

  it("answers 400 naming the field for a bad report", async () => {
    const res = await report(s.tokens.operator, s.alphaExt.id, { event: "done" });
    expect(res.status).toBe(400);
    const body = await documented<{ error: { message: string } }>(res, "/api/v1/targets/{id}/report", "post");
    expect(body.error.message).toMatch(/^event: /);
    const neg = await report(s.tokens.operator, s.alphaExt.id, { event: "success", sizeBytes: -1 });
    expect((await neg.json()).error.message).toContain("sizeBytes");
  });

  it("keeps a limited token away from other apps' targets and runs (404)", async () => {
    const betaRun = (await documented<{ run: ApiRun }>(await report(s.tokens.operator, s.betaExt.id, { event: "success" }), "/api/v1/targets/{id}/report", "post")).run;
    const r1 = await report(s.tokens.alphaOnly, s.betaExt.id, { event: "start" });
    expect(r1.status).toBe(404);
    const r2 = await call(runRoute.GET, "GET", `/api/v1/runs/${betaRun.id}`, { token: s.tokens.alphaOnly, params: { id: String(betaRun.id) } });
    expect(r2.status).toBe(404);
    await documented(r2, "/api/v1/runs/{id}", "get");
    const r3 = await call(triggerRoute.POST, "POST", `/api/v1/targets/${s.betaExt.id}/runs`, { token: s.tokens.alphaOnly, params: { id: String(s.betaExt.id) } });
    expect(r3.status).toBe(404);
    const list = await documented<{ runs: ApiRun[] }>(await call(runsRoute.GET, "GET", "/api/v1/runs?limit=200", { token: s.tokens.alphaOnly }), "/api/v1/runs", "get");
    expect(list.runs.length).toBeGreaterThan(0);
    expect(list.runs.some((r) => r.targetId === s.betaExt.id)).toBe(false);
    const scopedAdmin = createToken(ADMIN_CLI, { name: "alpha-admin", role: "admin", appIds: [s.alpha.id] }).token;
    const targetsSeen = await documented<{ targets: { app: string }[] }>(await call(targetsRoute.GET, "GET", "/api/v1/targets", { token: scopedAdmin }), "/api/v1/targets", "get");
    expect(new Set(targetsSeen.targets.map((t) => t.app))).toEqual(new Set(["alpha"]));
    const { PATCH } = await import("@/app/api/v1/targets/[id]/route");
    const patch = await call(PATCH, "PATCH", `/api/v1/targets/${s.betaExt.id}`, { token: scopedAdmin, params: { id: String(s.betaExt.id) }, body: { enabled: false } });
    expect(patch.status).toBe(404);
  });

  it("pages runs by cursor, newest first, with filters", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/runs?limit=2&targetId=${s.alphaExt.id}${cursor ? `&cursor=${cursor}` : ""}`;
      const page: { runs: ApiRun[]; nextCursor: string | null } = await documented(await call(runsRoute.GET, "GET", q, { token: s.tokens.viewer }), "/api/v1/runs", "get");
      seen.push(...page.runs.map((r) => r.id));
      expect(page.runs.every((r) => r.targetId === s.alphaExt.id)).toBe(true);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
    const failed = await documented<{ runs: ApiRun[] }>(await call(runsRoute.GET, "GET", "/api/v1/runs?status=failed", { token: s.tokens.viewer }), "/api/v1/runs", "get");
    expect(failed.runs.every((r) => r.status === "failed")).toBe(true);
    const bad = await call(runsRoute.GET, "GET", "/api/v1/runs?limit=0", { token: s.tokens.viewer });
    expect(bad.status).toBe(400);
    expect((await documented<{ error: { message: string } }>(bad, "/api/v1/runs", "get")).error.message).toContain("limit");
  });
});

describe("ping URLs", () => {
  it("an external script reporting start/success through ping URLs shows up as a run with its log", async () => {
    const key = getPingKey(ADMIN_CLI, s.betaExt.id)!;
    expect(key).toBeTruthy();
    const ping = (event: string, body?: string) => call(pingRoute.POST, "POST", `/api/v1/ping/${key}/${event}`, { params: { key, event }, rawBody: body });
    const start = await ping("start");
    expect(start.status).toBe(201);
    const opened = (await documented<{ run: ApiRun }>(start, "/api/v1/ping/{key}/{event}", "post")).run;
    expect(opened).toMatchObject({ status: "running", trigger: "api" });
    const ok = await ping("0", "rsync: sent 1,234 bytes\nbackup finished\n");
    expect(ok.status).toBe(200);
    const run = (await documented<{ run: ApiRun }>(ok, "/api/v1/ping/{key}/{event}", "post")).run;
    expect(run).toMatchObject({ id: opened.id, status: "success", exitCode: 0, trigger: "api" });
    expect(await (await getLog(s.tokens.viewer, run.id)).text()).toContain("backup finished");
    const listed = await documented<{ runs: ApiRun[] }>(await call(runsRoute.GET, "GET", `/api/v1/runs?targetId=${s.betaExt.id}&limit=1`, { token: s.tokens.viewer }), "/api/v1/runs", "get");
    expect(listed.runs[0]).toMatchObject({ id: run.id, status: "success", trigger: "api" });
    const audits = getDb().select().from(auditLog).where(eq(auditLog.actorType, "ping")).all();
    expect(audits.map((a) => a.action)).toEqual(["run.report", "run.report"]);
  });

  it("maps a non-zero exit code to a failed run and keeps only the first 100 KiB of the body", async () => {
    const key = getPingKey(ADMIN_CLI, s.betaExt.id)!;
    const big = "x".repeat(150 * 1024) + "TAIL-NOT-KEPT";
    const res = await call(pingRoute.POST, "POST", `/api/v1/ping/${key}/3`, { params: { key, event: "3" }, rawBody: big });
    expect(res.status).toBe(201);
    const run = (await documented<{ run: ApiRun }>(res, "/api/v1/ping/{key}/{event}", "post")).run;
    expect(run).toMatchObject({ status: "failed", exitCode: 3 });
    const log = await (await getLog(s.tokens.viewer, run.id)).text();
    expect(log.length).toBeLessThanOrEqual(100 * 1024 + 1);
    expect(log).not.toContain("TAIL-NOT-KEPT");
  });

  it("answers 404 for an unknown or rotated key and for an unknown event", async () => {
    const old = getPingKey(ADMIN_CLI, s.betaExt.id)!;
    const unknown = await call(pingRoute.POST, "POST", "/api/v1/ping/nope/start", { params: { key: "nope", event: "start" } });
    expect(unknown.status).toBe(404);
    await documented(unknown, "/api/v1/ping/{key}/{event}", "post");
    const badEvent = await call(pingRoute.POST, "POST", `/api/v1/ping/${old}/finish`, { params: { key: old, event: "finish" } });
    expect(badEvent.status).toBe(404);
    const fresh = rotatePingKey(ADMIN_CLI, s.betaExt.id);
    expect(fresh).not.toBe(old);
    const stale = await call(pingRoute.POST, "POST", `/api/v1/ping/${old}/start`, { params: { key: old, event: "start" } });
    expect(stale.status).toBe(404);
    const row = getDb().select({ pingKey: targets.pingKey }).from(targets).where(eq(targets.id, s.betaExt.id)).get()!;
    expect(row.pingKey).toBe(fresh);
    expect(JSON.stringify(getDb().select().from(auditLog).all())).not.toContain(fresh);
    expect(fs.existsSync).toBeTruthy();
  });
});
