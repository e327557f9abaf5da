import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { events, targets } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { createApp } from "../../services/apps/create";
import { createTarget } from "../../services/targets/create";
import { createSchedule, setScheduleEnabled } from "../../services/schedules/save";
import { updateTarget } from "../../services/targets/update";
import { reportRun } from "../../services/reports/report";
import { loadTargetStatus } from "../status/load-statuses";
import { applyOverdueTransitions } from "./overdue-transitions";

const admin: Actor = { type: "cli", label: "test", role: "admin" };
const ping: Actor = { type: "ping", targetId: 0, role: "operator" };
const at = (iso: string) => new Date(iso);
const MIN = 60_000;
let n = 0;

/** An external target (fed by its script's reports) with one schedule created at `createdAt`. */
function reportedTarget(rule: Record<string, unknown>, createdAt: Date) {
  const app = createApp(admin, { name: `ep-${++n}` });
  const t = createTarget(admin, { appId: app.id, name: "job", type: "external", source: {} });
  const s = createSchedule(admin, { targetId: t.id, timezone: "UTC", ...rule } as Parameters<typeof createSchedule>[1], createdAt);
  return { id: t.id, scheduleId: s.id };
}

/** The scheduler's overdue step every 5 minutes from `from` to `to` (inclusive). */
function tickEvery5(from: string, to: string) {
  for (let t = at(from).getTime(); t <= at(to).getTime(); t += 5 * MIN) applyOverdueTransitions(new Date(t));
}

const eventsOf = (targetId: number) =>
  getDb()
    .select({ type: events.type, at: events.at, payload: events.payload })
    .from(events)
    .where(and(eq(events.targetId, targetId)))
    .orderBy(events.id)
    .all()
    .filter((e) => e.type.startsWith("target."))
    .map((e) => `${e.type}@${e.at.toISOString().slice(11, 16)}`);

describe("one overdue episode = one event, whatever the grace", () => {
  it("an hourly schedule with the default 60 min grace does alert, once, and recovers once", () => {
    const t = reportedTarget({ kind: "hourly", minute: 0, graceMinutes: 60 }, at("2024-06-01T09:30:00Z"));
    reportRun(ping, t.id, { event: "success" }, at("2024-06-01T10:00:10Z"));
    tickEvery5("2024-06-01T10:05:00Z", "2024-06-01T16:00:00Z");
    // Expected 11:00, due by 12:00: overdue from 12:00, through every later slot, one event.
    expect(eventsOf(t.id)).toEqual(["target.overdue@12:00"]);
    const row = getDb().select().from(targets).where(eq(targets.id, t.id)).get()!;
    expect([row.overdueSince?.toISOString(), row.overdueSlot?.toISOString()]).toEqual(["2024-06-01T12:00:00.000Z", "2024-06-01T11:00:00.000Z"]);
    const s = loadTargetStatus(t.id, at("2024-06-01T16:00:00Z"))!;
    expect([s.status, s.overdueSince?.toISOString(), s.expectedAt?.toISOString()]).toEqual(["overdue", "2024-06-01T12:00:00.000Z", "2024-06-01T11:00:00.000Z"]);

    // The script reports again: recovered, and the next expected slot is 17:00.
    reportRun(ping, t.id, { event: "success" }, at("2024-06-01T16:02:00Z"));
    tickEvery5("2024-06-01T16:05:00Z", "2024-06-01T17:55:00Z");
    expect(eventsOf(t.id)).toEqual(["target.overdue@12:00", "target.recovered@16:05"]);
    expect(loadTargetStatus(t.id, at("2024-06-01T17:55:00Z"))!.expectedAt?.toISOString()).toBe("2024-06-01T17:00:00.000Z");
  });

  it("grace < interval: the episode does not flip to ok at every new slot", () => {
    const t = reportedTarget({ kind: "hourly", minute: 0, graceMinutes: 10 }, at("2024-06-02T09:30:00Z"));
    reportRun(ping, t.id, { event: "success" }, at("2024-06-02T10:00:10Z"));
    tickEvery5("2024-06-02T10:05:00Z", "2024-06-02T15:00:00Z");
    expect(eventsOf(t.id)).toEqual(["target.overdue@11:10"]);
  });

  it("grace > interval: overdue at expected slot + grace, once", () => {
    const t = reportedTarget({ kind: "hourly", minute: 0, graceMinutes: 150 }, at("2024-06-03T09:30:00Z"));
    reportRun(ping, t.id, { event: "success" }, at("2024-06-03T10:00:10Z"));
    tickEvery5("2024-06-03T10:05:00Z", "2024-06-03T18:00:00Z");
    expect(eventsOf(t.id)).toEqual(["target.overdue@13:30"]);
  });

  it("a new daily schedule is not overdue for a slot from before it existed", () => {
    // Created at 10:00, after today's 02:00 slot; never backed up.
    const t = reportedTarget({ kind: "daily", hour: 2, minute: 0, graceMinutes: 60 }, at("2024-06-04T10:00:00Z"));
    tickEvery5("2024-06-04T10:00:00Z", "2024-06-05T02:55:00Z");
    expect(eventsOf(t.id)).toEqual([]);
    expect(loadTargetStatus(t.id, at("2024-06-04T12:00:00Z"))!.status).toBe("never");
    tickEvery5("2024-06-05T03:00:00Z", "2024-06-05T04:00:00Z");
    expect(eventsOf(t.id)).toEqual(["target.overdue@03:00"]);
  });

  it("disabled then re-enabled: the episode is cleared while paused, and no slot missed while disabled counts", () => {
    const t = reportedTarget({ kind: "hourly", minute: 0, graceMinutes: 30 }, at("2024-06-06T09:30:00Z"));
    reportRun(ping, t.id, { event: "success" }, at("2024-06-06T10:00:10Z"));
    tickEvery5("2024-06-06T10:05:00Z", "2024-06-06T12:00:00Z");
    expect(eventsOf(t.id)).toEqual(["target.overdue@11:30"]);
    setScheduleEnabled(admin, t.scheduleId, false, at("2024-06-06T12:02:00Z"));
    tickEvery5("2024-06-06T12:05:00Z", "2024-06-06T20:00:00Z");
    expect(loadTargetStatus(t.id, at("2024-06-06T20:00:00Z"))!.status).toBe("paused");
    setScheduleEnabled(admin, t.scheduleId, true, at("2024-06-06T20:10:00Z"));
    // Re-enabled at 20:10: expected 21:00, due by 21:30.
    tickEvery5("2024-06-06T20:15:00Z", "2024-06-06T21:25:00Z");
    expect(loadTargetStatus(t.id, at("2024-06-06T21:25:00Z"))!.expectedAt?.toISOString()).toBe("2024-06-06T21:00:00.000Z");
    tickEvery5("2024-06-06T21:30:00Z", "2024-06-06T23:00:00Z");
    // Cleared (not "recovered": no backup came) while paused, then one new episode.
    expect(eventsOf(t.id)).toEqual(["target.overdue@11:30", "target.overdue@21:30"]);
  });

  it("several schedules: one episode for the target, from the earliest missed deadline", () => {
    const t = reportedTarget({ kind: "hourly", minute: 30, graceMinutes: 10 }, at("2024-06-07T00:00:00Z"));
    createSchedule(admin, { targetId: t.id, kind: "daily", hour: 2, minute: 0, graceMinutes: 60, timezone: "UTC" }, at("2024-06-07T00:00:00Z"));
    reportRun(ping, t.id, { event: "success" }, at("2024-06-07T01:00:00Z"));
    tickEvery5("2024-06-07T01:05:00Z", "2024-06-07T05:00:00Z");
    expect(eventsOf(t.id)).toEqual(["target.overdue@01:40"]);
  });

  it("a paused target switched on again expects the next slot, not the ones missed while paused", () => {
    const t = reportedTarget({ kind: "hourly", minute: 0, graceMinutes: 30 }, at("2024-06-08T00:00:00Z"));
    expect(loadTargetStatus(t.id)!.status).toBe("overdue");
    updateTarget(admin, { id: t.id, enabled: false });
    const before = Date.now();
    updateTarget(admin, { id: t.id, enabled: true });
    const s = loadTargetStatus(t.id)!;
    expect(s.status).toBe("never");
    expect(s.expectedAt!.getTime()).toBeGreaterThan(before);
  });
});
