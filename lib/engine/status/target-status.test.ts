import { describe, expect, it } from "vitest";
import { isOverdue, overdueInfo, targetStatus, type StatusSchedule, type StatusTargetFacts } from "./target-status";

// In place since 2 May 2024 (Ho Chi Minh midnight): the rule expects nothing before that.
const daily2am: StatusSchedule = { id: 1, kind: "daily", hour: 2, minute: 0, timezone: "Asia/Ho_Chi_Minh", graceMinutes: 60, enabled: true, activeSince: new Date("2024-05-01T17:00:00Z") };
// The 02:00 Ho Chi Minh slot of 2 May 2024 is 2024-05-01T19:00Z; its deadline (grace 60) is 20:00Z.
const facts = (f: Partial<StatusTargetFacts> = {}): StatusTargetFacts => ({
  enabled: true,
  active: false,
  lastFinishedStatus: "success",
  lastSuccessStartedAt: new Date("2024-05-01T19:00:05Z"),
  ...f,
});
const at = (iso: string) => new Date(iso);

describe("isOverdue (more cases of the rule in overdue-rule.test.ts)", () => {
  const cases: { name: string; target: StatusTargetFacts; schedules: StatusSchedule[]; now: string; overdue: boolean }[] = [
    { name: "a success started after the slot", target: facts(), schedules: [daily2am], now: "2024-05-02T10:00:00Z", overdue: false },
    {
      name: "success started before the slot, grace passed",
      target: facts({ lastSuccessStartedAt: at("2024-04-30T19:00:00Z") }),
      schedules: [daily2am],
      now: "2024-05-01T20:00:00Z",
      overdue: true,
    },
    {
      name: "success before the slot but still inside grace",
      target: facts({ lastSuccessStartedAt: at("2024-04-30T19:00:00Z") }),
      schedules: [daily2am],
      now: "2024-05-01T19:59:59Z",
      overdue: false,
    },
    { name: "never backed up, grace passed", target: facts({ lastSuccessStartedAt: null, lastFinishedStatus: null }), schedules: [daily2am], now: "2024-05-01T20:00:00Z", overdue: true },
    { name: "a success started exactly at the slot serves it", target: facts({ lastSuccessStartedAt: at("2024-05-01T19:00:00Z") }), schedules: [daily2am], now: "2024-05-02T12:00:00Z", overdue: false },
    { name: "no schedule is never overdue", target: facts({ lastSuccessStartedAt: null }), schedules: [], now: "2024-05-01T20:00:00Z", overdue: false },
    { name: "manual schedule is never overdue", target: facts({ lastSuccessStartedAt: null }), schedules: [{ ...daily2am, kind: "manual" }], now: "2024-05-01T20:00:00Z", overdue: false },
    { name: "disabled schedule is not overdue", target: facts({ lastSuccessStartedAt: null }), schedules: [{ ...daily2am, enabled: false }], now: "2024-05-01T20:00:00Z", overdue: false },
    { name: "disabled target is not overdue", target: facts({ enabled: false, lastSuccessStartedAt: null }), schedules: [daily2am], now: "2024-05-01T20:00:00Z", overdue: false },
    {
      name: "grace 0: overdue right at the slot",
      target: facts({ lastSuccessStartedAt: null }),
      schedules: [{ ...daily2am, graceMinutes: 0 }],
      now: "2024-05-01T19:00:00Z",
      overdue: true,
    },
    {
      name: "hourly schedule beside a daily one: the hourly slot counts",
      target: facts({ lastSuccessStartedAt: at("2024-05-01T19:00:05Z") }),
      schedules: [daily2am, { id: 2, kind: "hourly", minute: 30, timezone: "UTC", graceMinutes: 10, enabled: true, activeSince: daily2am.activeSince }],
      now: "2024-05-01T21:45:00Z",
      overdue: true,
    },
    {
      name: "test-restore schedules do not make a target overdue",
      target: facts({ lastSuccessStartedAt: null }),
      schedules: [{ ...daily2am, purpose: "test_restore" }],
      now: "2024-05-01T20:00:00Z",
      overdue: false,
    },
  ];
  for (const c of cases) it(c.name, () => expect(isOverdue(c.target, c.schedules, at(c.now))).toBe(c.overdue));

  it("reports the slot and deadline: the first slot after the schedule was set up", () => {
    const info = overdueInfo(facts({ lastSuccessStartedAt: null }), [daily2am], at("2024-05-02T00:00:00Z"));
    expect(info).toEqual({ scheduleId: 1, slot: at("2024-05-01T19:00:00Z"), deadline: at("2024-05-01T20:00:00Z") });
  });
});

describe("targetStatus", () => {
  const now = at("2024-05-02T10:00:00Z");
  const cases: { name: string; target: StatusTargetFacts; schedules: StatusSchedule[]; status: string }[] = [
    { name: "ok after a success", target: facts(), schedules: [daily2am], status: "ok" },
    { name: "failed when the newest finished run failed", target: facts({ lastFinishedStatus: "failed" }), schedules: [daily2am], status: "failed" },
    { name: "partial counts as failed", target: facts({ lastFinishedStatus: "partial" }), schedules: [], status: "failed" },
    { name: "running wins", target: facts({ active: true, lastSuccessStartedAt: null }), schedules: [daily2am], status: "running" },
    { name: "never without any run", target: facts({ lastFinishedStatus: null, lastSuccessStartedAt: null }), schedules: [], status: "never" },
    { name: "overdue beats failed", target: facts({ lastFinishedStatus: "failed", lastSuccessStartedAt: null }), schedules: [daily2am], status: "overdue" },
    { name: "paused when the target is disabled", target: facts({ enabled: false }), schedules: [daily2am], status: "paused" },
    { name: "paused when every schedule is disabled", target: facts(), schedules: [{ ...daily2am, enabled: false }], status: "paused" },
    { name: "a manual-only schedule does not pause", target: facts(), schedules: [{ ...daily2am, kind: "manual", enabled: false }], status: "ok" },
  ];
  for (const c of cases) it(c.name, () => expect(targetStatus(c.target, c.schedules, now)).toBe(c.status));
});
