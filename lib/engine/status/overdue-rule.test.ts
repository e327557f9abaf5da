import { describe, expect, it } from "vitest";
import { expectedAt, overdueInfo, type StatusSchedule } from "./target-status";

/**
 * The overdue rule, as Healthchecks does it: per enabled backup schedule, the reference is the start
 * of the newest counted success (or, if none since, when the schedule was created or last enabled);
 * the expected slot is the first slot strictly after it; overdue from slot + grace until a counted
 * success starts at or after that slot.
 */
const at = (iso: string) => new Date(iso);
const LONG_AGO = at("2020-01-01T00:00:00Z");
const hourly = (minute: number, graceMinutes: number, extra: Partial<StatusSchedule> = {}): StatusSchedule => ({
  id: 1,
  kind: "hourly",
  minute,
  timezone: "UTC",
  graceMinutes,
  enabled: true,
  activeSince: LONG_AGO,
  ...extra,
});
const daily = (hour: number, minute: number, graceMinutes: number, extra: Partial<StatusSchedule> = {}): StatusSchedule => ({
  id: 2,
  kind: "daily",
  hour,
  minute,
  timezone: "UTC",
  graceMinutes,
  enabled: true,
  activeSince: LONG_AGO,
  ...extra,
});

interface Case {
  name: string;
  schedules: StatusSchedule[];
  lastSuccess: string | null;
  now: string;
  /** null = not overdue; else [overdue since, expected slot]. */
  overdue: [string, string] | null;
  /** The expected slot reported either way (expectedAt). */
  expected?: string | null;
}

const cases: Case[] = [
  // grace < interval: hourly :00, 10 minutes of grace.
  { name: "grace < interval: inside the grace of the expected slot", schedules: [hourly(0, 10)], lastSuccess: "2024-05-01T10:00:05Z", now: "2024-05-01T11:09:59Z", overdue: null, expected: "2024-05-01T11:00:00Z" },
  { name: "grace < interval: overdue once slot + grace passed", schedules: [hourly(0, 10)], lastSuccess: "2024-05-01T10:00:05Z", now: "2024-05-01T11:10:00Z", overdue: ["2024-05-01T11:10:00Z", "2024-05-01T11:00:00Z"] },
  {
    name: "grace < interval: still the same episode after the next slot (no flip at 12:05)",
    schedules: [hourly(0, 10)],
    lastSuccess: "2024-05-01T10:00:05Z",
    now: "2024-05-01T12:05:00Z",
    overdue: ["2024-05-01T11:10:00Z", "2024-05-01T11:00:00Z"],
  },
  { name: "grace < interval: a success at the slot serves it", schedules: [hourly(0, 10)], lastSuccess: "2024-05-01T11:00:00Z", now: "2024-05-01T11:30:00Z", overdue: null, expected: "2024-05-01T12:00:00Z" },
  // grace = interval: the default hourly schedule (60 min grace) must be able to alert.
  { name: "grace = interval: not yet at 11:59", schedules: [hourly(0, 60)], lastSuccess: "2024-05-01T10:00:05Z", now: "2024-05-01T11:59:59Z", overdue: null, expected: "2024-05-01T11:00:00Z" },
  { name: "grace = interval: an hourly schedule with 60 min grace goes overdue", schedules: [hourly(0, 60)], lastSuccess: "2024-05-01T10:00:05Z", now: "2024-05-01T12:00:00Z", overdue: ["2024-05-01T12:00:00Z", "2024-05-01T11:00:00Z"] },
  { name: "grace = interval: and stays overdue hours later", schedules: [hourly(0, 60)], lastSuccess: "2024-05-01T10:00:05Z", now: "2024-05-01T16:30:00Z", overdue: ["2024-05-01T12:00:00Z", "2024-05-01T11:00:00Z"] },
  // grace > interval.
  { name: "grace > interval: 90 minutes of grace on an hourly schedule, not yet", schedules: [hourly(0, 90)], lastSuccess: "2024-05-01T10:00:05Z", now: "2024-05-01T12:29:00Z", overdue: null, expected: "2024-05-01T11:00:00Z" },
  { name: "grace > interval: overdue at slot + 90 min", schedules: [hourly(0, 90)], lastSuccess: "2024-05-01T10:00:05Z", now: "2024-05-01T12:30:00Z", overdue: ["2024-05-01T12:30:00Z", "2024-05-01T11:00:00Z"] },
  // Several schedules: the earliest deadline among the overdue ones.
  {
    name: "several schedules: the hourly one is overdue before the daily one",
    schedules: [daily(2, 0, 60), hourly(30, 10, { id: 3 })],
    lastSuccess: "2024-05-01T02:00:05Z",
    now: "2024-05-01T02:45:00Z",
    overdue: ["2024-05-01T02:40:00Z", "2024-05-01T02:30:00Z"],
  },
  {
    name: "several schedules: none overdue, expectedAt is the earliest expected slot",
    schedules: [daily(2, 0, 60), hourly(30, 10, { id: 3 })],
    lastSuccess: "2024-05-01T02:31:00Z",
    now: "2024-05-01T02:45:00Z",
    overdue: null,
    expected: "2024-05-01T03:30:00Z",
  },
  {
    name: "several schedules: a disabled one promises nothing",
    schedules: [daily(2, 0, 60), hourly(30, 10, { id: 3, enabled: false })],
    lastSuccess: "2024-05-01T02:00:05Z",
    now: "2024-05-01T02:45:00Z",
    overdue: null,
    expected: "2024-05-02T02:00:00Z",
  },
  // DST in Europe/Berlin: 02:30 does not exist on 31 March 2024 and happens twice on 27 October.
  {
    name: "DST spring forward: the 02:30 Berlin slot falls on 03:00 CEST (01:00Z)",
    schedules: [daily(2, 30, 30, { timezone: "Europe/Berlin" })],
    lastSuccess: "2024-03-30T01:30:10Z",
    now: "2024-03-31T01:30:00Z",
    overdue: ["2024-03-31T01:30:00Z", "2024-03-31T01:00:00Z"],
  },
  {
    name: "DST spring forward: not overdue a minute before",
    schedules: [daily(2, 30, 30, { timezone: "Europe/Berlin" })],
    lastSuccess: "2024-03-30T01:30:10Z",
    now: "2024-03-31T01:29:00Z",
    overdue: null,
    expected: "2024-03-31T01:00:00Z",
  },
  {
    name: "DST fall back: the first 02:30 (CEST, 00:30Z) is the expected slot",
    schedules: [daily(2, 30, 60, { timezone: "Europe/Berlin" })],
    lastSuccess: "2024-10-26T00:30:10Z",
    now: "2024-10-27T01:30:00Z",
    overdue: ["2024-10-27T01:30:00Z", "2024-10-27T00:30:00Z"],
  },
  {
    name: "DST fall back: an hourly schedule has both 02:30s; a success at the first serves only the first",
    schedules: [hourly(30, 20, { timezone: "Europe/Berlin" })],
    lastSuccess: "2024-10-27T00:30:05Z",
    now: "2024-10-27T01:50:00Z",
    overdue: ["2024-10-27T01:50:00Z", "2024-10-27T01:30:00Z"],
  },
  // A schedule promises nothing before it existed or was last enabled.
  {
    name: "a new daily schedule is not overdue for a slot from before it existed",
    schedules: [daily(2, 0, 60, { activeSince: at("2024-05-01T10:00:00Z") })],
    lastSuccess: null,
    now: "2024-05-01T10:30:00Z",
    overdue: null,
    expected: "2024-05-02T02:00:00Z",
  },
  {
    name: "a new daily schedule never served goes overdue after its first slot + grace",
    schedules: [daily(2, 0, 60, { activeSince: at("2024-05-01T10:00:00Z") })],
    lastSuccess: null,
    now: "2024-05-02T03:00:00Z",
    overdue: ["2024-05-02T03:00:00Z", "2024-05-02T02:00:00Z"],
  },
  {
    name: "disabled then re-enabled: the slots missed while disabled do not count",
    schedules: [hourly(0, 10, { activeSince: at("2024-05-03T09:20:00Z") })],
    lastSuccess: "2024-05-01T10:00:05Z",
    now: "2024-05-03T09:40:00Z",
    overdue: null,
    expected: "2024-05-03T10:00:00Z",
  },
  {
    name: "disabled then re-enabled: overdue again from the first slot after re-enabling + grace",
    schedules: [hourly(0, 10, { activeSince: at("2024-05-03T09:20:00Z") })],
    lastSuccess: "2024-05-01T10:00:05Z",
    now: "2024-05-03T10:10:00Z",
    overdue: ["2024-05-03T10:10:00Z", "2024-05-03T10:00:00Z"],
  },
  {
    name: "a success newer than the re-enabling is the reference",
    schedules: [hourly(0, 10, { activeSince: at("2024-05-03T09:20:00Z") })],
    lastSuccess: "2024-05-03T10:00:03Z",
    now: "2024-05-03T10:30:00Z",
    overdue: null,
    expected: "2024-05-03T11:00:00Z",
  },
  { name: "never backed up, schedule in place since 2020: overdue since its first slot", schedules: [daily(2, 0, 0)], lastSuccess: null, now: "2024-05-01T02:00:00Z", overdue: ["2020-01-01T02:00:00Z", "2020-01-01T02:00:00Z"] },
  // Never overdue.
  { name: "no schedule: never overdue", schedules: [], lastSuccess: null, now: "2024-05-01T02:00:00Z", overdue: null, expected: null },
  { name: "manual schedule: never overdue", schedules: [daily(2, 0, 0, { kind: "manual" })], lastSuccess: null, now: "2024-05-01T05:00:00Z", overdue: null, expected: null },
  { name: "test-restore schedule: never makes the target overdue", schedules: [daily(2, 0, 0, { purpose: "test_restore" })], lastSuccess: null, now: "2024-05-01T05:00:00Z", overdue: null, expected: null },
];

describe("the overdue rule", () => {
  for (const c of cases) {
    it(c.name, () => {
      const facts = { enabled: true, lastSuccessStartedAt: c.lastSuccess ? at(c.lastSuccess) : null };
      const info = overdueInfo(facts, c.schedules, at(c.now));
      if (c.overdue === null) expect(info).toBeNull();
      else expect(info && { since: info.deadline.toISOString(), expected: info.slot.toISOString() }).toEqual({ since: at(c.overdue[0]).toISOString(), expected: at(c.overdue[1]).toISOString() });
      const exp = expectedAt(facts, c.schedules, at(c.now));
      const wanted = c.overdue ? c.overdue[1] : c.expected;
      if (wanted !== undefined) expect(exp?.toISOString() ?? null).toBe(wanted === null ? null : at(wanted).toISOString());
    });
  }

  it("a disabled target is paused, never overdue", () => {
    expect(overdueInfo({ enabled: false, lastSuccessStartedAt: null }, [daily(2, 0, 0)], at("2024-05-01T05:00:00Z"))).toBeNull();
  });
});
