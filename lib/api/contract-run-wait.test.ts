import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { call, documented } from "../../test/api/testing";
import { seedApi, ADMIN_CLI } from "../../test/api/fixtures";
import * as triggerRoute from "@/app/api/v1/targets/[id]/runs/route";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import { createApp } from "../services/apps/create";
import { createTarget } from "../services/targets/create";
import { waitForRun } from "../engine/runs/wait";

type ApiRun = { id: number; status: string };

let s: ReturnType<typeof seedApi>;
let slowTargetId: number;
beforeAll(() => {
  s = seedApi();
  // A backup that takes ~2 s: its pre-hook sleeps.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-wait-"));
  const hook = path.join(dir, "slow.sh");
  fs.writeFileSync(hook, "#!/bin/sh\nsleep 2\n", { mode: 0o755 });
  const app = createApp(ADMIN_CLI, { name: "slow" });
  slowTargetId = createTarget(ADMIN_CLI, { appId: app.id, name: "files", type: "filesystem", source: { path: s.folder }, preHook: hook }).id;
});

const trigger = async (targetId: number) => {
  const res = await call(triggerRoute.POST, "POST", `/api/v1/targets/${targetId}/runs`, { token: s.tokens.operator, params: { id: String(targetId) } });
  expect(res.status).toBe(202);
  return ((await res.json()) as { run: ApiRun }).run;
};
const getRun = (token: string, id: number, wait: string) => call(runRoute.GET, "GET", `/api/v1/runs/${id}?wait=${wait}`, { token, params: { id: String(id) } });

describe("GET /api/v1/runs/{id}?wait= (long poll)", () => {
  it("answers as soon as the run ends, not after the whole wait", async () => {
    const run = await trigger(slowTargetId);
    const t0 = Date.now();
    const res = await getRun(s.tokens.viewer, run.id, "30");
    const { run: done } = await documented<{ run: ApiRun }>(res, "/api/v1/runs/{id}", "get");
    expect(done.status).toBe("success");
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThan(1000); // it really waited for the 2 s hook
    expect(waited).toBeLessThan(15_000);
  });

  it("answers after the wait with the run still running, and at once for an ended run", async () => {
    const run = await trigger(slowTargetId);
    const t0 = Date.now();
    const { run: still } = await documented<{ run: ApiRun }>(await getRun(s.tokens.viewer, run.id, "1"), "/api/v1/runs/{id}", "get");
    expect(["queued", "running"]).toContain(still.status);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    await waitForRun(run.id);
    const t1 = Date.now();
    expect(((await getRun(s.tokens.viewer, run.id, "60").then((r) => r.json())) as { run: ApiRun }).run.status).toBe("success");
    expect(Date.now() - t1).toBeLessThan(500);
  });

  it("refuses a wait that is not 0–60 whole seconds (400), and a run the token may not see is a 404 without waiting", async () => {
    const run = await trigger(s.alphaFiles.id);
    await waitForRun(run.id);
    for (const bad of ["61", "-1", "1.5", "abc", ""]) {
      const res = await getRun(s.tokens.viewer, run.id, bad);
      expect(res.status, bad).toBe(400);
      const body = await documented<{ error: { details: Record<string, string> } }>(res, "/api/v1/runs/{id}", "get");
      expect(body.error.details.wait).toMatch(/0 to 60/);
    }
    const slow = await trigger(slowTargetId);
    const t0 = Date.now();
    const hidden = await getRun(s.tokens.alphaOnly, slow.id, "30");
    expect(hidden.status).toBe(404);
    expect(Date.now() - t0).toBeLessThan(500);
    await waitForRun(slow.id);
  });
});
