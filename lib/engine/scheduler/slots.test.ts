import { describe, expect, it } from "vitest";
import { latestSlot, nextSlots } from "./slots";
import { describeRule } from "./describe";
import { ruleErrors, type ScheduleRule } from "./rule";

const d = (iso: string) => new Date(iso);
const iso = (x: Date | null) => (x ? x.toISOString() : null);

describe("latestSlot", () => {
  const cases: { name: string; rule: ScheduleRule; now: string; slot: string | null }[] = [
    {
      name: "daily 02:00 in Ho Chi Minh (UTC+7), just after the slot",
      rule: { kind: "daily", hour: 2, minute: 0, timezone: "Asia/Ho_Chi_Minh" },
      now: "2024-05-01T19:00:30Z",
      slot: "2024-05-01T19:00:00.000Z",
    },
    {
      name: "daily 02:00 exactly at the slot counts the slot",
      rule: { kind: "daily", hour: 2, minute: 0, timezone: "Asia/Ho_Chi_Minh" },
      now: "2024-05-01T19:00:00Z",
      slot: "2024-05-01T19:00:00.000Z",
    },
    {
      name: "daily 02:00 one ms before the slot gives the day before",
      rule: { kind: "daily", hour: 2, minute: 0, timezone: "Asia/Ho_Chi_Minh" },
      now: "2024-05-01T18:59:59.999Z",
      slot: "2024-04-30T19:00:00.000Z",
    },
    {
      name: "hourly at minute 15 in UTC",
      rule: { kind: "hourly", minute: 15, timezone: "UTC" },
      now: "2024-05-01T10:14:00Z",
      slot: "2024-05-01T09:15:00.000Z",
    },
    {
      name: "hourly in a half-hour-offset zone (Asia/Kolkata, UTC+5:30)",
      rule: { kind: "hourly", minute: 0, timezone: "Asia/Kolkata" },
      now: "2024-05-01T10:20:00Z",
      slot: "2024-05-01T09:30:00.000Z",
    },
    {
      name: "weekly Monday 03:00 New York (EDT, UTC-4)",
      rule: { kind: "weekly", weekday: 1, hour: 3, minute: 0, timezone: "America/New_York" },
      now: "2024-05-08T12:00:00Z", // Wednesday
      slot: "2024-05-06T07:00:00.000Z",
    },
    {
      name: "monthly on the 1st 00:30 Berlin, across a year boundary",
      rule: { kind: "monthly", dayOfMonth: 1, hour: 0, minute: 30, timezone: "Europe/Berlin" },
      now: "2024-01-01T00:00:00Z", // 01:00 Berlin on Jan 1
      slot: "2023-12-31T23:30:00.000Z",
    },
    {
      name: "daily 02:30 Berlin on the spring-forward day runs after the gap (03:00 CEST)",
      rule: { kind: "daily", hour: 2, minute: 30, timezone: "Europe/Berlin" },
      now: "2024-03-31T05:00:00Z",
      slot: "2024-03-31T01:00:00.000Z",
    },
    {
      name: "daily 02:30 Berlin on the fall-back day runs once",
      rule: { kind: "daily", hour: 2, minute: 30, timezone: "Europe/Berlin" },
      now: "2024-10-27T05:00:00Z",
      slot: "2024-10-27T00:30:00.000Z",
    },
    {
      name: "cron every 15 minutes on weekdays in Tokyo",
      rule: { kind: "cron", cronExpr: "*/15 * * * 1-5", timezone: "Asia/Tokyo" },
      now: "2024-05-04T03:00:00Z", // Saturday 12:00 Tokyo → last slot Friday 23:45 Tokyo
      slot: "2024-05-03T14:45:00.000Z",
    },
    { name: "manual never has a slot", rule: { kind: "manual", timezone: "UTC" }, now: "2024-05-01T00:00:00Z", slot: null },
  ];
  for (const c of cases) {
    it(c.name, () => expect(iso(latestSlot(c.rule, d(c.now)))).toBe(c.slot));
  }
});

describe("nextSlots", () => {
  it("lists the next five daily slots", () => {
    const rule: ScheduleRule = { kind: "daily", hour: 2, minute: 0, timezone: "Asia/Ho_Chi_Minh" };
    const next = nextSlots(rule, d("2024-05-01T20:00:00Z"), 5).map((x) => x.toISOString());
    expect(next).toEqual([
      "2024-05-02T19:00:00.000Z",
      "2024-05-03T19:00:00.000Z",
      "2024-05-04T19:00:00.000Z",
      "2024-05-05T19:00:00.000Z",
      "2024-05-06T19:00:00.000Z",
    ]);
  });
  it("skips months without the 31st", () => {
    const rule: ScheduleRule = { kind: "monthly", dayOfMonth: 31, hour: 1, minute: 0, timezone: "UTC" };
    const next = nextSlots(rule, d("2024-01-01T00:00:00Z"), 3).map((x) => x.toISOString().slice(0, 10));
    expect(next).toEqual(["2024-01-31", "2024-03-31", "2024-05-31"]);
  });
  it("returns nothing for manual or invalid rules", () => {
    expect(nextSlots({ kind: "manual", timezone: "UTC" }, new Date())).toEqual([]);
    expect(nextSlots({ kind: "cron", cronExpr: "61 * * * *", timezone: "UTC" }, new Date())).toEqual([]);
  });
});

describe("describeRule and ruleErrors", () => {
  it("says the rule in words", () => {
    expect(describeRule({ kind: "daily", hour: 2, minute: 0, timezone: "Asia/Ho_Chi_Minh" })).toBe(
      "every day at 02:00, Asia/Ho_Chi_Minh",
    );
    expect(describeRule({ kind: "weekly", weekday: 1, hour: 3, minute: 5, timezone: "UTC" })).toBe("every Monday at 03:05, UTC");
    expect(describeRule({ kind: "hourly", minute: 7, timezone: "UTC" })).toBe("every hour at minute 07, UTC");
    expect(describeRule({ kind: "monthly", dayOfMonth: 2, hour: 4, minute: 0, timezone: "UTC" })).toBe(
      "on the 2nd of every month at 04:00, UTC",
    );
  });
  it("puts cron expressions into words, keeping the expression", () => {
    expect(describeRule({ kind: "cron", cronExpr: "0 */2 * * *", timezone: "UTC" })).toBe("on the hour, every 2 hours (cron 0 */2 * * *), UTC");
    expect(describeRule({ kind: "cron", cronExpr: " 30 1 * * 1-5 ", timezone: "Asia/Ho_Chi_Minh" })).toBe(
      "at 01:30, Monday through Friday (cron 30 1 * * 1-5), Asia/Ho_Chi_Minh",
    );
    expect(describeRule({ kind: "cron", cronExpr: "*/15 * * * *", timezone: "UTC" })).toBe("every 15 minutes (cron */15 * * * *), UTC");
  });
  it("gives a clear error beside the field", () => {
    expect(ruleErrors({ kind: "cron", cronExpr: "61 * * * *", timezone: "UTC" }).cronExpr).toMatch(/61/);
    expect(ruleErrors({ kind: "cron", cronExpr: "* * *", timezone: "UTC" }).cronExpr).toMatch(/exactly 5 fields/);
    expect(ruleErrors({ kind: "daily", hour: 2, minute: 0, timezone: "Mars/Olympus" }).timezone).toMatch(/Unknown timezone/);
    expect(ruleErrors({ kind: "daily", hour: 24, minute: 0, timezone: "UTC" }).hour).toBeTruthy();
    expect(ruleErrors({ kind: "daily", hour: 2, minute: 0, timezone: "UTC" })).toEqual({});
  });
});

describe("compiled rules are cached per rule", () => {
  const rule: ScheduleRule = { kind: "daily", hour: 2, minute: 0, timezone: "UTC" };
  it("answers each `now` and `from` afresh, and a caller mutating a result does not change the next answer", () => {
    const a = latestSlot(rule, d("2024-05-02T10:00:00Z"))!;
    a.setTime(0);
    expect(iso(latestSlot(rule, d("2024-05-02T10:00:00Z")))).toBe("2024-05-02T02:00:00.000Z");
    expect(iso(latestSlot(rule, d("2024-05-02T01:00:00Z")))).toBe("2024-05-01T02:00:00.000Z");
    const [n] = nextSlots(rule, d("2024-05-02T10:00:00Z"), 1);
    n.setTime(0);
    expect(nextSlots(rule, d("2024-05-02T10:00:00Z"), 2).map(iso)).toEqual(["2024-05-03T02:00:00.000Z", "2024-05-04T02:00:00.000Z"]);
    expect(iso(nextSlots(rule, d("2024-05-02T10:00:00Z"), 1)[0])).toBe("2024-05-03T02:00:00.000Z");
  });
  it("keeps rules apart that differ only in timezone or field", () => {
    expect(iso(latestSlot({ ...rule, timezone: "Asia/Ho_Chi_Minh" }, d("2024-05-02T10:00:00Z")))).toBe("2024-05-01T19:00:00.000Z");
    expect(iso(latestSlot({ ...rule, hour: 3 }, d("2024-05-02T10:00:00Z")))).toBe("2024-05-02T03:00:00.000Z");
    expect(latestSlot({ ...rule, hour: 24 }, d("2024-05-02T10:00:00Z"))).toBeNull();
  });
});
