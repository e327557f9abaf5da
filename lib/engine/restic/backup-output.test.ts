import { describe, expect, it } from "vitest";
import { parseBackupLine } from "./backup-output";
import { policyArgs } from "./forget";
import { snapshotPath } from "./ls";
import { toRunSnapshot } from "./run-snapshot";
import { parseResticVersion, requireRestic } from "./version";

describe("restic output and arguments", () => {
  it("reads a status line, with restic's 'unknown' time left as null", () => {
    const l = parseBackupLine('{"message_type":"status","seconds_elapsed":2,"seconds_remaining":9223372036854775808,"percent_done":0.5274,"total_files":2,"files_done":1,"total_bytes":3000003,"bytes_done":1582363}');
    expect(l).toEqual({ kind: "status", progress: { filesDone: 1, totalFiles: 2, bytesDone: 1582363, totalBytes: 3000003, percent: 52.7, secondsRemaining: null, secondsElapsed: 2 } });
    const k = parseBackupLine('{"message_type":"status","seconds_remaining":7,"percent_done":0.9}');
    expect(k?.kind === "status" && k.progress.secondsRemaining).toBe(7);
  });

  it("reads the summary into the run's snapshot fields", () => {
    const l = parseBackupLine('{"message_type":"summary","files_new":2,"files_changed":1,"files_unmodified":5,"dirs_new":1,"data_added":3001184,"total_files_processed":8,"total_bytes_processed":3000003,"total_duration":0.32,"snapshot_id":"190a1d74"}');
    expect(l).toEqual({ kind: "summary", summary: { id: "190a1d74", filesNew: 2, filesChanged: 1, filesUnmodified: 5, dataAddedBytes: 3001184, totalBytes: 3000003, totalFiles: 8, durationSeconds: 0.32 } });
    expect(parseBackupLine("not json")).toBeNull();
  });

  it("maps the keep policy to restic forget flags with the same meaning", () => {
    expect(policyArgs({ keepDays: 3, keepLast: 2, keepDaily: 7, keepWeekly: 4, keepMonthly: 0, keepYearly: null })).toEqual([
      "--keep-within", "3d", "--keep-last", "2", "--keep-daily", "7", "--keep-weekly", "4",
    ]);
    expect(policyArgs({ keepHourly: 24, keepMonthly: 12, keepYearly: 2 })).toEqual(["--keep-hourly", "24", "--keep-monthly", "12", "--keep-yearly", "2"]);
  });

  it("normalises snapshot paths and refuses ..", () => {
    expect(snapshotPath("cam1/2026-12-01/")).toBe("/cam1/2026-12-01");
    expect(snapshotPath(undefined)).toBe("/");
    expect(snapshotPath("/a/./b")).toBe("/a/b");
    expect(() => snapshotPath("/a/../../etc")).toThrow(/Invalid path/);
  });
});

describe("restic version and the run's snapshot", () => {
  it("reads restic's version line and refuses one that is too old", async () => {
    expect(parseResticVersion("restic 0.14.0 compiled with go1.19.8 on linux/amd64")).toEqual([0, 14, 0]);
    expect(parseResticVersion("nope")).toBeNull();
    expect(await requireRestic()).toMatch(/^0\.(1[4-9]|[2-9]\d)\.\d+$/);
  });

  it("the run's snapshot holds exactly the issue's fields", () => {
    const s = { id: "abc", filesNew: 1, filesChanged: 2, filesUnmodified: 3, dataAddedBytes: 4, totalBytes: 5, totalFiles: 6, durationSeconds: 7 };
    expect(toRunSnapshot(s)).toStrictEqual({ id: "abc", filesNew: 1, filesChanged: 2, filesUnmodified: 3, dataAddedBytes: 4, totalBytes: 5 });
  });
});
