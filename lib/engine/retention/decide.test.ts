import { describe, expect, it } from "vitest";
import { decideRetention, type RetentionArtifact } from "./decide";
import type { RetentionPolicy } from "./policy";

let nextId = 1;
function art(iso: string, extra: Partial<RetentionArtifact> = {}): RetentionArtifact {
  return { id: nextId++, at: new Date(iso), status: "success", pinned: false, pinnedUntil: null, inUse: false, ...extra };
}
/** One artifact per day at `time` (UTC) from `from` to `to` inclusive. */
function daily(from: string, to: string, time = "02:00:00Z"): RetentionArtifact[] {
  const out: RetentionArtifact[] = [];
  for (let t = new Date(`${from}T${time}`).getTime(); t <= new Date(`${to}T${time}`).getTime(); t += 86_400_000) {
    out.push(art(new Date(t).toISOString()));
  }
  return out;
}
const day = (a: RetentionArtifact, tz = "UTC") =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: tz, dateStyle: "short", timeStyle: "short" }).format(a.at);

interface Case {
  name: string;
  artifacts: RetentionArtifact[];
  policy: RetentionPolicy;
  timezone?: string;
  now?: string;
  /** The kept artifacts, as "YYYY-MM-DD HH:MM" in the case's timezone, newest first. */
  keep: string[];
}

const cases: Case[] = [
  {
    name: "GFS across a month and a year boundary (daily 7, weekly 2, monthly 2, yearly 2)",
    artifacts: daily("2023-12-20", "2024-01-10"),
    policy: { keepDaily: 7, keepWeekly: 2, keepMonthly: 2, keepYearly: 2 },
    keep: [
      "2024-01-10 02:00", "2024-01-09 02:00", "2024-01-08 02:00", "2024-01-07 02:00", "2024-01-06 02:00",
      "2024-01-05 02:00", "2024-01-04 02:00", "2023-12-31 02:00",
    ],
  },
  {
    name: "weekly uses ISO weeks across the year (2020-W53 holds 2021-01-03) and counts only weeks with an artifact",
    artifacts: [...daily("2020-12-28", "2021-01-06"), art("2020-12-01T02:00:00Z"), art("2020-11-01T02:00:00Z")],
    policy: { keepWeekly: 3 },
    keep: ["2021-01-06 02:00", "2021-01-03 02:00", "2020-12-01 02:00"],
  },
  {
    name: "monthly and yearly keep the newest of each period, older periods beyond the count go",
    artifacts: [art("2022-06-15T00:00:00Z"), art("2023-02-01T00:00:00Z"), art("2023-02-20T00:00:00Z"), art("2023-12-31T23:00:00Z"), art("2024-01-01T01:00:00Z")],
    policy: { keepMonthly: 2, keepYearly: 2 },
    keep: ["2024-01-01 01:00", "2023-12-31 23:00"],
  },
  {
    name: "daily buckets follow Europe/Berlin calendar days across the spring DST change",
    timezone: "Europe/Berlin",
    // 00:30 and 12:30 Berlin time each day: the 00:30 run is still the previous day in UTC.
    artifacts: [
      art("2024-03-28T23:30:00Z"), art("2024-03-29T11:30:00Z"), // 29 Mar (CET)
      art("2024-03-29T23:30:00Z"), art("2024-03-30T11:30:00Z"), // 30 Mar (CET)
      art("2024-03-30T23:30:00Z"), art("2024-03-31T10:30:00Z"), // 31 Mar (switch to CEST)
      art("2024-03-31T22:30:00Z"), art("2024-04-01T10:30:00Z"), // 1 Apr (CEST)
    ],
    policy: { keepDaily: 4 },
    keep: ["2024-04-01 12:30", "2024-03-31 12:30", "2024-03-30 12:30", "2024-03-29 12:30"],
  },
  {
    name: "hourly buckets merge the repeated 02:00 hour when Berlin falls back",
    timezone: "Europe/Berlin",
    artifacts: [art("2024-10-26T23:15:00Z"), art("2024-10-27T00:15:00Z"), art("2024-10-27T01:15:00Z"), art("2024-10-27T02:15:00Z")],
    policy: { keepHourly: 3 },
    // 01:15 CEST, 02:15 CEST, 02:15 CET, 03:15 CET: the two 02:15 share a bucket, the newer wins.
    keep: ["2024-10-27 03:15", "2024-10-27 02:15", "2024-10-27 01:15"],
  },
  {
    name: "keepDays counts back from the newest artifact (restic --keep-within)",
    artifacts: daily("2024-05-01", "2024-05-10"),
    policy: { keepDays: 3 },
    now: "2024-06-30T00:00:00Z",
    keep: ["2024-05-10 02:00", "2024-05-09 02:00", "2024-05-08 02:00"],
  },
  {
    name: "keepLast keeps the newest N, and any rule keeping an artifact keeps it",
    artifacts: daily("2024-05-01", "2024-05-10"),
    policy: { keepLast: 2, keepMonthly: 1, keepDays: 1 },
    keep: ["2024-05-10 02:00", "2024-05-09 02:00"],
  },
  {
    name: "no rule set keeps everything",
    artifacts: daily("2024-05-01", "2024-05-03"),
    policy: {},
    keep: ["2024-05-03 02:00", "2024-05-02 02:00", "2024-05-01 02:00"],
  },
  {
    name: "the newest successful artifact survives even when newer partial ones fill keepLast",
    artifacts: [art("2024-05-01T02:00:00Z"), art("2024-05-02T02:00:00Z", { status: "partial" }), art("2024-05-03T02:00:00Z", { status: "partial" })],
    policy: { keepLast: 1 },
    keep: ["2024-05-03 02:00", "2024-05-01 02:00"],
  },
  {
    name: "pinned, pinned-until-later and in-use artifacts are kept; an expired pin is not",
    now: "2024-05-10T00:00:00Z",
    artifacts: [
      art("2024-05-01T02:00:00Z", { pinned: true }),
      art("2024-05-02T02:00:00Z", { pinnedUntil: new Date("2024-05-20T00:00:00Z") }),
      art("2024-05-03T02:00:00Z", { pinnedUntil: new Date("2024-05-05T00:00:00Z") }),
      art("2024-05-04T02:00:00Z", { inUse: true }),
      art("2024-05-05T02:00:00Z"),
      art("2024-05-06T02:00:00Z"),
    ],
    policy: { keepLast: 1 },
    keep: ["2024-05-06 02:00", "2024-05-04 02:00", "2024-05-02 02:00", "2024-05-01 02:00"],
  },
  {
    name: "keepLast counts only backups of the source: an upload and a safety backup never push a real backup out",
    now: "2024-05-10T00:00:00Z",
    artifacts: [
      art("2024-05-01T02:00:00Z"),
      art("2024-05-02T02:00:00Z"),
      art("2024-05-03T02:00:00Z", { kind: "upload" }),
      art("2024-05-04T02:00:00Z", { kind: "safety", pinnedUntil: new Date("2024-05-11T00:00:00Z") }),
    ],
    policy: { keepLast: 2 },
    keep: ["2024-05-04 02:00", "2024-05-03 02:00", "2024-05-02 02:00", "2024-05-01 02:00"],
  },
  {
    name: "a safety backup goes once its pin expires; an upload stays until deleted; GFS buckets hold backups only",
    now: "2024-05-20T00:00:00Z",
    artifacts: [
      art("2024-05-01T02:00:00Z"),
      art("2024-05-05T02:00:00Z", { kind: "safety", pinnedUntil: new Date("2024-05-12T00:00:00Z") }),
      art("2023-01-01T02:00:00Z", { kind: "upload" }),
      art("2024-05-06T02:00:00Z", { kind: "upload" }),
    ],
    policy: { keepDaily: 1, keepDays: 1 },
    keep: ["2024-05-06 02:00", "2024-05-01 02:00", "2023-01-01 02:00"],
  },
  {
    name: "the newest successful artifact protected is the newest backup, not a newer upload",
    artifacts: [art("2024-05-01T02:00:00Z"), art("2024-05-02T02:00:00Z", { status: "partial" }), art("2024-05-03T02:00:00Z", { kind: "upload" })],
    policy: { keepLast: 1 },
    keep: ["2024-05-03 02:00", "2024-05-02 02:00", "2024-05-01 02:00"],
  },
];

describe("decideRetention", () => {
  for (const c of cases) {
    it(c.name, () => {
      const tz = c.timezone ?? "UTC";
      const byId = new Map(c.artifacts.map((a) => [a.id, a]));
      const d = decideRetention(c.artifacts, c.policy, new Date(c.now ?? "2030-01-01T00:00:00Z"), tz);
      expect(d.keep.map((k) => day(byId.get(k.id)!, tz))).toEqual(c.keep);
      expect(d.keep.length + d.delete.length).toBe(c.artifacts.length);
      for (const k of d.keep) expect(k.reasons.length).toBeGreaterThan(0);
    });
  }

  it("explains why each artifact is kept", () => {
    const list = daily("2024-05-01", "2024-05-02");
    const d = decideRetention(list, { keepDaily: 1, keepLast: 1 }, new Date("2024-05-03T00:00:00Z"), "UTC");
    expect(d.keep[0].reasons).toEqual(["last 1", "daily 2024-05-02", "newest successful artifact"]);
    expect(d.delete.map((x) => x.id)).toEqual([list[0].id]);
  });
});
