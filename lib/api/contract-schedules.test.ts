import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { call, documented } from "../../test/api/testing";
import { seedApi, ADMIN_CLI } from "../../test/api/fixtures";
import * as schedulesRoute from "@/app/api/v1/schedules/route";
import * as scheduleRoute from "@/app/api/v1/schedules/[id]/route";
import { getDb } from "../db/client";
import { auditLog, schedules } from "../db/schema";
import { createToken } from "../services/tokens/create";
import { makeRun } from "../../test/scheduler/fixtures";
import type { ApiSchedule } from "./schedule-shape";

type ErrorBody = { error: { code: string; message: string; details?: Record<string, string> } };

let s: ReturnType<typeof seedApi>;
let alphaAdmin: string;
beforeAll(() => {
  s = seedApi();
  alphaAdmin = createToken(ADMIN_CLI, { name: "alpha-admin", role: "admin", appIds: [s.alpha.id] }).token;
});

const list = async (token: string, query = "") =>
  call(schedulesRoute.GET, "GET", `/api/v1/schedules${query}`, { token });
const create = (token: string, body: unknown) => call(schedulesRoute.POST, "POST", "/api/v1/schedules", { token, body });
const patch = (token: string, id: number | string, body: unknown) =>
  call(scheduleRoute.PATCH, "PATCH", `/api/v1/schedules/${id}`, { token, params: { id: String(id) }, body });
const remove = (token: string, id: number | string) => call(scheduleRoute.DELETE, "DELETE", `/api/v1/schedules/${id}`, { token, params: { id: String(id) } });

const CONTRACT_KEYS = [
  "id",
  "targetId",
  "purpose",
  "kind",
  "cron",
  "minute",
  "hour",
  "weekday",
  "dayOfMonth",
  "timezone",
  "graceMinutes",
  "enabled",
  "catchUp",
  "retryMax",
  "nextRunAt",
  "lastRunAt",
  "lastRunStatus",
];

describe("API v1 schedules", () => {
  it("an admin creates a daily schedule (201, the contract's fields, console default timezone); viewers list it, per target too", async () => {
    const res = await create(s.tokens.admin, { targetId: s.alphaFiles.id, kind: "daily", hour: 2, minute: 30 });
    expect(res.status).toBe(201);
    const { schedule } = await documented<{ schedule: ApiSchedule }>(res, "/api/v1/schedules", "post");
    expect(Object.keys(schedule).sort()).toEqual([...CONTRACT_KEYS].sort());
    expect(schedule).toMatchObject({
      targetId: s.alphaFiles.id,
      purpose: "backup",
      kind: "daily",
      cron: null,
      hour: 2,
      minute: 30,
      weekday: null,
      timezone: "Asia/Ho_Chi_Minh",
      graceMinutes: 60,
      enabled: true,
      catchUp: false,
      retryMax: 0,
      lastRunAt: null,
      lastRunStatus: null,
    });
    // 02:30 in Ho Chi Minh City is 19:30 UTC the day before.
    expect(schedule.nextRunAt).toMatch(/T19:30:00\.000Z$/);

    const all = await documented<{ schedules: ApiSchedule[] }>(await list(s.tokens.viewer), "/api/v1/schedules", "get");
    expect(all.schedules.map((x) => x.id)).toContain(schedule.id);
    const one = await documented<{ schedules: ApiSchedule[] }>(await list(s.tokens.viewer, `?targetId=${s.alphaFiles.id}`), "/api/v1/schedules", "get");
    expect(one.schedules).toEqual([schedule]);
    const other = await documented<{ schedules: ApiSchedule[] }>(await list(s.tokens.viewer, `?targetId=${s.betaExt.id}`), "/api/v1/schedules", "get");
    expect(other.schedules).toEqual([]);

    const row = getDb().select().from(auditLog).where(eq(auditLog.action, "schedule.create")).all().at(-1)!;
    expect(row.actorLabel).toBe("token:admin");
  });

  it("a cron schedule takes a 5-field expression; anything else is a 400 naming the field", async () => {
    const ok = await create(s.tokens.admin, { targetId: s.alphaExt.id, kind: "cron", cron: "*/15 * * * *", timezone: "UTC", graceMinutes: 10, retryMax: 2 });
    expect(ok.status).toBe(201);
    const { schedule } = await documented<{ schedule: ApiSchedule }>(ok, "/api/v1/schedules", "post");
    expect(schedule).toMatchObject({ kind: "cron", cron: "*/15 * * * *", minute: null, hour: null, timezone: "UTC", graceMinutes: 10, retryMax: 2 });
    expect(new Date(schedule.nextRunAt!).getUTCMinutes() % 15).toBe(0);

    const cases: [unknown, string, RegExp][] = [
      [{ targetId: s.alphaExt.id, kind: "cron", cron: "* * * *" }, "cron", /5 fields/],
      [{ targetId: s.alphaExt.id, kind: "cron", cron: "0 25 * * *" }, "cron", /25/],
      [{ targetId: s.alphaExt.id, kind: "cron" }, "cron", /cron expression/],
      [{ targetId: s.alphaExt.id, kind: "daily", hour: 2, minute: 0, timezone: "Mars/Olympus" }, "timezone", /Unknown timezone/],
      [{ targetId: s.alphaExt.id, kind: "hourly", minute: "5" }, "minute", /whole number/],
      [{ targetId: s.alphaExt.id, kind: "yearly" }, "kind", /hourly, daily, weekly, monthly, cron, manual/],
      [{ targetId: s.alphaExt.id, kind: "hourly", minute: 5, cronExpr: "x" }, "body", /cronExpr/],
      [{ kind: "manual" }, "targetId", /target id/],
      [{ targetId: 999_999, kind: "manual" }, "targetId", /does not exist/],
    ];
    for (const [body, field, message] of cases) {
      const res = await create(s.tokens.admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = await documented<ErrorBody>(res, "/api/v1/schedules", "post");
      expect(err.error.code).toBe("bad_request");
      expect(err.error.details?.[field], JSON.stringify(err)).toMatch(message);
      expect(err.error.message).toContain(field);
    }
  });

  it("refuses a schedule to operators and viewers (403) and a bad targetId filter (400, 404)", async () => {
    for (const token of [s.tokens.operator, s.tokens.viewer]) {
      const res = await create(token, { targetId: s.alphaFiles.id, kind: "manual" });
      expect(res.status).toBe(403);
      expect((await documented<ErrorBody>(res, "/api/v1/schedules", "post")).error.code).toBe("forbidden");
    }
    expect((await documented<ErrorBody>(await list(s.tokens.viewer, "?targetId=abc"), "/api/v1/schedules", "get")).error.message).toMatch(/targetId/);
    const missing = await list(s.tokens.viewer, "?targetId=999999");
    expect(missing.status).toBe(404);
    await documented(missing, "/api/v1/schedules", "get");
  });

  it("PATCH changes what it names (admin); enabling or disabling alone is an operator's right, as in the UI", async () => {
    const { schedule } = await documented<{ schedule: ApiSchedule }>(
      await create(s.tokens.admin, { targetId: s.alphaFiles.id, kind: "weekly", weekday: 1, hour: 3, minute: 0, timezone: "UTC" }),
      "/api/v1/schedules",
      "post",
    );
    const changed = await patch(s.tokens.admin, schedule.id, { hour: 4, graceMinutes: 30 });
    expect(changed.status).toBe(200);
    const body = await documented<{ schedule: ApiSchedule }>(changed, "/api/v1/schedules/{id}", "patch");
    expect(body.schedule).toMatchObject({ kind: "weekly", weekday: 1, hour: 4, minute: 0, graceMinutes: 30, timezone: "UTC" });
    expect(new Date(body.schedule.nextRunAt!).getUTCHours()).toBe(4);

    const off = await patch(s.tokens.operator, schedule.id, { enabled: false });
    expect(off.status).toBe(200);
    expect((await documented<{ schedule: ApiSchedule }>(off, "/api/v1/schedules/{id}", "patch")).schedule).toMatchObject({ enabled: false, nextRunAt: null });
    const opEdit = await patch(s.tokens.operator, schedule.id, { hour: 5 });
    expect(opEdit.status).toBe(403);
    await documented(opEdit, "/api/v1/schedules/{id}", "patch");
    expect((await patch(s.tokens.viewer, schedule.id, { enabled: true })).status).toBe(403);

    // Switching the kind keeps only the fields the new kind uses.
    const toCron = await documented<{ schedule: ApiSchedule }>(await patch(s.tokens.admin, schedule.id, { kind: "cron", cron: "0 1 * * *" }), "/api/v1/schedules/{id}", "patch");
    expect(toCron.schedule).toMatchObject({ kind: "cron", cron: "0 1 * * *", weekday: null, hour: null, minute: null, enabled: false });
    const bad = await patch(s.tokens.admin, schedule.id, { cron: "nope" });
    expect(bad.status).toBe(400);
    expect((await documented<ErrorBody>(bad, "/api/v1/schedules/{id}", "patch")).error.details?.cron).toMatch(/5 fields/);
    const unknown = await patch(s.tokens.admin, 999_999, { hour: 1 });
    expect(unknown.status).toBe(404);
    await documented(unknown, "/api/v1/schedules/{id}", "patch");
    expect(getDb().select().from(schedules).where(eq(schedules.id, schedule.id)).get()!.cronExpr).toBe("0 1 * * *");
  });

  it("shows the schedule's last run (time and status)", async () => {
    const { schedule } = await documented<{ schedule: ApiSchedule }>(await create(s.tokens.admin, { targetId: s.betaExt.id, kind: "hourly", minute: 5, timezone: "UTC" }), "/api/v1/schedules", "post");
    const at = new Date("2024-05-01T10:05:00Z");
    makeRun(s.betaExt.id, { scheduleId: schedule.id, scheduledFor: at, trigger: "scheduler", status: "failed", startedAt: at });
    const body = await documented<{ schedules: ApiSchedule[] }>(await list(s.tokens.viewer, `?targetId=${s.betaExt.id}`), "/api/v1/schedules", "get");
    expect(body.schedules.find((x) => x.id === schedule.id)).toMatchObject({ lastRunAt: at.toISOString(), lastRunStatus: "failed" });
  });

  it("DELETE removes a schedule (204), then it is 404; audited with the token", async () => {
    const { schedule } = await documented<{ schedule: ApiSchedule }>(await create(s.tokens.admin, { targetId: s.alphaExt.id, kind: "manual" }), "/api/v1/schedules", "post");
    expect(schedule.nextRunAt).toBeNull();
    const op = await remove(s.tokens.operator, schedule.id);
    expect(op.status).toBe(403);
    await documented(op, "/api/v1/schedules/{id}", "delete");
    expect((await remove(s.tokens.admin, schedule.id)).status).toBe(204);
    const again = await remove(s.tokens.admin, schedule.id);
    expect(again.status).toBe(404);
    await documented(again, "/api/v1/schedules/{id}", "delete");
    expect((await remove(s.tokens.admin, "abc")).status).toBe(404);
    const row = getDb().select().from(auditLog).where(eq(auditLog.action, "schedule.delete")).all().at(-1)!;
    expect(row).toMatchObject({ actorLabel: "token:admin", entityId: String(schedule.id) });
  });

  it("a token limited to one app neither sees nor touches other apps' schedules", async () => {
    const { schedule: beta } = await documented<{ schedule: ApiSchedule }>(await create(s.tokens.admin, { targetId: s.betaExt.id, kind: "manual" }), "/api/v1/schedules", "post");
    const mine = await documented<{ schedules: ApiSchedule[] }>(await list(alphaAdmin), "/api/v1/schedules", "get");
    expect(mine.schedules.length).toBeGreaterThan(0);
    expect(mine.schedules.every((x) => x.targetId === s.alphaFiles.id || x.targetId === s.alphaExt.id)).toBe(true);
    expect((await list(alphaAdmin, `?targetId=${s.betaExt.id}`)).status).toBe(404);
    // Creating for another app's target answers as for a target that does not exist.
    const create403 = await create(alphaAdmin, { targetId: s.betaExt.id, kind: "manual" });
    expect(create403.status).toBe(400);
    expect((await create403.json()).error.details.targetId).toMatch(/does not exist/);
    expect((await patch(alphaAdmin, beta.id, { enabled: false })).status).toBe(404);
    expect((await patch(alphaAdmin, beta.id, { hour: 1 })).status).toBe(404);
    expect((await remove(alphaAdmin, beta.id)).status).toBe(404);
    // Nor move its own schedule onto another app's target.
    const own = mine.schedules[0]!;
    const move = await patch(alphaAdmin, own.id, { targetId: s.betaExt.id });
    expect(move.status).toBe(400);
    expect(getDb().select().from(schedules).where(eq(schedules.id, beta.id)).get()!.enabled).toBe(true);
  });
});
