import { describe, expect, it } from "vitest";
import type { PitrBaseBackup, PitrWal } from "@/lib/db/schema-pitr";
import { planPitrRestore } from "./restore-plan";
import { segmentName } from "./wal-names";

const MB = 1 << 20;
const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, s));

function backup(id: number, startSeg: number, endSeg: number, finishedSec: number): PitrBaseBackup {
  return {
    id, targetId: 1, status: "success", files: [], timeline: 1, startLsn: null, endLsn: null,
    startWal: segmentName(1, startSeg, MB), endWal: segmentName(1, endSeg, MB), walSegSize: MB,
    startedAt: at(finishedSec - 1), finishedAt: at(finishedSec), sizeBytes: 1, error: null, taskId: null, runId: null, deletingAt: null,
  };
}

function seg(n: number, receivedSec: number): PitrWal {
  const name = segmentName(1, n, MB);
  return { id: n, targetId: 1, name, kind: "segment", timeline: 1, segNo: n, segSize: MB, key: `k/${name}`, size: MB, sha256: "x", storedSize: 1, receivedAt: at(receivedSec), deletingAt: null };
}

describe("planning a point-in-time restore", () => {
  const wal = [seg(2, 5), seg(3, 10), seg(4, 20), seg(5, 30), seg(6, 40)];

  it("takes the newest base backup finished before the time and the WAL from its start to the first segment past the time, plus one", () => {
    const p = planPitrRestore(at(25), [backup(1, 2, 2, 6), backup(2, 3, 4, 21), backup(3, 5, 5, 31)], wal);
    expect(p.backup.id).toBe(2);
    expect(p.segments.map((s) => s.segNo)).toEqual([3, 4, 5, 6]);
  });

  it("says there is no base backup, or that the time is before the earliest restorable moment", () => {
    expect(() => planPitrRestore(at(25), [], wal)).toThrow(/no base backup of this target yet/);
    expect(() => planPitrRestore(at(3), [backup(1, 2, 2, 6)], wal)).toThrow(/earliest point that can be restored is 2026-12-02T10:00:06.000Z/);
  });

  it("names a missing segment inside the base backup's range, or after it", () => {
    expect(() => planPitrRestore(at(25), [backup(1, 2, 4, 21)], wal.filter((w) => w.segNo !== 3))).toThrow(/WAL segment 000000010000000000000003 is missing: base backup 1 cannot be made consistent/);
    expect(() => planPitrRestore(at(35), [backup(1, 2, 2, 6)], wal.filter((w) => w.segNo !== 4))).toThrow(/WAL segment 000000010000000000000004 is missing \(stored again from 000000010000000000000005\)/);
  });

  it("ends with the snapshot of the segment being written when the time is past the last complete one", () => {
    const partial: PitrWal = { ...seg(7, 47), name: `${segmentName(1, 7, MB)}.partial`, kind: "partial" };
    const p = planPitrRestore(at(45), [backup(1, 2, 2, 6)], [...wal, partial]);
    expect(p.segments.map((s) => `${s.kind} ${s.segNo}`)).toEqual(["segment 2", "segment 3", "segment 4", "segment 5", "segment 6", "partial 7"]);
    expect(() => planPitrRestore(at(48), [backup(1, 2, 2, 6)], [...wal, partial])).toThrow(/The stored WAL reaches 2026-12-02T10:00:47.000Z; 2026-12-02T10:00:48.000Z is later/);
  });

  it("says how far the stored WAL reaches when the time is later", () => {
    expect(() => planPitrRestore(at(50), [backup(1, 2, 2, 6)], wal)).toThrow(/The stored WAL reaches 2026-12-02T10:00:40.000Z; 2026-12-02T10:00:50.000Z is later/);
  });
});
