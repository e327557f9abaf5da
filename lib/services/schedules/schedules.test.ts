import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { auditLog, runs } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { ValidationError } from "../../errors";
import { makeRun, makeTarget } from "../../../test/scheduler/fixtures";
import { createSchedule, deleteSchedule, setScheduleEnabled, updateSchedule } from "./save";
import { listSchedules } from "./list";
import { previewRule } from "./preview";
import { setRunPinned } from "../retention/pin";
import { previewRetention } from "../retention/preview";

const admin: Actor = { type: "user", id: 1, email: "a@x.test", role: "admin" };
const operator: Actor = { type: "user", id: 2, email: "o@x.test", role: "operator" };
const viewer: Actor = { type: "user", id: 3, email: "v@x.test", role: "viewer" };
const actions = () => getDb().select().from(auditLog).all().map((a) => a.action);

function fieldErrors(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.fieldErrors;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

describe("schedule services", () => {
  it("creates with the console default timezone, keeps nextRunAt, audits, and lists with the rule in words", () => {
    const t = makeTarget();
    const now = new Date("2024-05-01T20:00:00Z");
    const s = createSchedule(admin, { targetId: t.id, kind: "daily", hour: "2", minute: "0", timezone: "" }, now);
    expect(s.timezone).toBe("Asia/Ho_Chi_Minh");
    expect(s.graceMinutes).toBe(60);
    expect(s.nextRunAt?.toISOString()).toBe("2024-05-02T19:00:00.000Z");
    expect(actions()).toContain("schedule.create");
    const [dto] = listSchedules(viewer, { targetId: t.id, now });
    expect(dto.description).toBe("every day at 02:00, Asia/Ho_Chi_Minh");
    // 02:00 today + 60 min passed, never backed up — but that slot came before the schedule existed.
    expect(dto.targetStatus).toBe("never");
    expect(dto.expectedAt).toBe("2024-05-02T19:00:00.000Z");
    const later = listSchedules(viewer, { targetId: t.id, now: new Date("2024-05-02T20:00:00Z") })[0];
    expect([later.targetStatus, later.overdueSince, later.expectedAt]).toEqual(["overdue", "2024-05-02T20:00:00.000Z", "2024-05-02T19:00:00.000Z"]);
  });

  it("puts a clear error beside an invalid cron expression or timezone", () => {
    const t = makeTarget();
    expect(fieldErrors(() => createSchedule(admin, { targetId: t.id, kind: "cron", cronExpr: "0 25 * * *", timezone: "UTC" })).cronExpr).toMatch(/25/);
    expect(fieldErrors(() => createSchedule(admin, { targetId: t.id, kind: "daily", hour: 1, minute: 0, timezone: "Nowhere/Land" })).timezone).toMatch(/Unknown timezone/);
    expect(fieldErrors(() => createSchedule(admin, { targetId: t.id, kind: "hourly", minute: "x", timezone: "UTC" })).minute).toBeTruthy();
  });

  it("lets operators toggle but not edit; viewers neither", () => {
    const t = makeTarget();
    const s = createSchedule(admin, { targetId: t.id, kind: "hourly", minute: 5, timezone: "UTC" });
    expect(setScheduleEnabled(operator, s.id, false).enabled).toBe(false);
    expect(setScheduleEnabled(operator, s.id, false).nextRunAt).toBeNull();
    expect(() => setScheduleEnabled(viewer, s.id, true)).toThrow(/role/);
    expect(() => updateSchedule(operator, s.id, { targetId: t.id, kind: "hourly", minute: 6, timezone: "UTC" })).toThrow(/role/);
    const u = updateSchedule(admin, s.id, { targetId: t.id, kind: "weekly", weekday: 1, hour: 3, minute: 0, timezone: "UTC", enabled: true });
    expect(u.kind).toBe("weekly");
    expect(() => deleteSchedule(operator, s.id)).toThrow(/role/);
    deleteSchedule(admin, s.id);
    expect(actions()).toEqual(expect.arrayContaining(["schedule.disable", "schedule.update", "schedule.delete"]));
  });

  it("previews the rule in words and the next 5 times", () => {
    const p = previewRule({ kind: "weekly", weekday: "1", hour: "3", minute: "30", timezone: "Europe/Berlin" }, new Date("2024-05-01T00:00:00Z"));
    expect(p.description).toBe("every Monday at 03:30, Europe/Berlin");
    expect(p.next).toHaveLength(5);
    expect(p.next[0]).toBe("2024-05-06T01:30:00.000Z");
    expect(previewRule({ kind: "cron", cronExpr: "* * *", timezone: "UTC" }).fieldErrors.cronExpr).toMatch(/5 fields/);
  });

  it("pins and unpins a run (operator+), audited, and the retention preview respects it", () => {
    const t = makeTarget({ keepDays: null, keepLast: 1 });
    const old = makeRun(t.id, { startedAt: new Date("2024-05-01T00:00:00Z"), artifactPath: "a/1.tar", artifactState: "present", storageRoot: "/nowhere" });
    makeRun(t.id, { startedAt: new Date("2024-05-02T00:00:00Z"), artifactPath: "a/2.tar", artifactState: "present", storageRoot: "/nowhere" });
    expect(previewRetention(viewer, t.id).delete.map((d) => d.runId)).toEqual([old.id]);
    expect(() => setRunPinned(viewer, old.id, true)).toThrow(/role/);
    setRunPinned(operator, old.id, true);
    expect(getDb().select().from(runs).where(eq(runs.id, old.id)).get()?.pinned).toBe(true);
    const p = previewRetention(viewer, t.id);
    expect(p.delete).toEqual([]);
    expect(p.keep.find((k) => k.runId === old.id)?.reasons).toContain("pinned");
    setRunPinned(operator, old.id, false);
    expect(previewRetention(viewer, t.id, { keepLast: 5 }).delete).toEqual([]);
    expect(actions()).toEqual(expect.arrayContaining(["run.pin", "run.unpin"]));
  });
});
