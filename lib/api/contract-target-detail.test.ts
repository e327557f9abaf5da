import { beforeAll, describe, expect, it } from "vitest";
import { call, documented } from "../../test/api/testing";
import { ADMIN_CLI, seedApi } from "../../test/api/fixtures";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";
import * as targetsRoute from "@/app/api/v1/targets/route";
import { createSchedule } from "../services/schedules/save";
import { reportRun } from "../services/reports/report";

let s: ReturnType<typeof seedApi>;
beforeAll(() => {
  s = seedApi();
});

const get = (id: number | string, token: string | null) => call(targetRoute.GET, "GET", `/api/v1/targets/${id}`, { token, params: { id: String(id) } });

describe("GET /api/v1/targets/{id}", () => {
  it("answers the list fields plus overdueSince and expectedAt (the next expected slot while not overdue)", async () => {
    createSchedule(ADMIN_CLI, { targetId: s.alphaExt.id, kind: "hourly", minute: 0, timezone: "UTC", graceMinutes: 60 });
    const reported = reportRun(ADMIN_CLI, s.alphaExt.id, { event: "success", sizeBytes: 321 }).run;
    const res = await get(s.alphaExt.id, s.tokens.viewer);
    expect(res.status).toBe(200);
    const body = await documented<{ target: Record<string, unknown> }>(res, "/api/v1/targets/{id}", "get");
    expect(Object.keys(body.target).sort()).toEqual(
      ["id", "app", "name", "type", "enabled", "status", "lastRunAt", "lastSuccessAt", "lastSizeBytes", "nextRunAt", "overdueSince", "expectedAt", "pitr", "serverId", "serverName"].sort(),
    );
    const next = new Date(Date.parse(reported.startedAt!));
    next.setUTCMinutes(0, 0, 0);
    next.setUTCHours(next.getUTCHours() + 1);
    expect(body.target).toMatchObject({ id: s.alphaExt.id, app: "alpha", name: "cron", status: "ok", lastSizeBytes: 321, lastSuccessAt: reported.startedAt, overdueSince: null, expectedAt: next.toISOString() });

    // The list item of the same target has the same values for the shared fields.
    const list = await documented<{ targets: Record<string, unknown>[] }>(await call(targetsRoute.GET, "GET", "/api/v1/targets", { token: s.tokens.viewer }), "/api/v1/targets", "get");
    const item = list.targets.find((t) => t.id === s.alphaExt.id)!;
    expect({ ...item, overdueSince: body.target.overdueSince, expectedAt: body.target.expectedAt, pitr: null, serverId: null, serverName: "Local" }).toEqual(body.target);
  });

  it("while overdue: overdueSince = expected slot + grace, expectedAt = that slot", async () => {
    // A daily 02:00 UTC schedule set up on 1 Jan 2025 that no backup ever served.
    createSchedule(ADMIN_CLI, { targetId: s.betaExt.id, kind: "daily", hour: 2, minute: 0, timezone: "UTC", graceMinutes: 30 }, new Date("2025-01-01T00:00:00Z"));
    const body = await documented<{ target: Record<string, unknown> }>(await get(s.betaExt.id, s.tokens.admin), "/api/v1/targets/{id}", "get");
    expect(body.target).toMatchObject({ status: "overdue", expectedAt: "2025-01-01T02:00:00.000Z", overdueSince: "2025-01-01T02:30:00.000Z" });
  });

  it("401 without a token, 404 for an unknown id or another app's target (app-limited token)", async () => {
    const none = await get(s.alphaExt.id, null);
    expect(none.status).toBe(401);
    await documented(none, "/api/v1/targets/{id}", "get");
    const missing = await get(999_999, s.tokens.viewer);
    expect(missing.status).toBe(404);
    await documented(missing, "/api/v1/targets/{id}", "get");
    const hidden = await get(s.betaExt.id, s.tokens.alphaOnly);
    expect(hidden.status).toBe(404);
    expect((await hidden.json()).error.message).not.toContain("beta");
    expect((await get("abc", s.tokens.viewer)).status).toBe(404);
    expect((await get(s.alphaFiles.id, s.tokens.alphaOnly)).status).toBe(200);
  });
});
