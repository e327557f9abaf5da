import { getDb } from "../../db/client";
import { pitrBaseBackups, pitrWal, type PitrBaseBackup, type PitrWal } from "../../db/schema-pitr";
import { segmentName } from "./wal-names";

/** Rows for PITR tests without a server: 1 MB segments on timeline 1, times in seconds after 10:00. */
export const MB = 1 << 20;
export const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, s));

export function walRowOf(targetId: number, n: number, receivedSec: number): Omit<PitrWal, "id"> {
  const name = segmentName(1, n, MB);
  return { targetId, name, kind: "segment", timeline: 1, segNo: n, segSize: MB, key: `pitr/${targetId}/wal/${name}.zst`, size: MB, sha256: "x", storedSize: 1, receivedAt: at(receivedSec), deletingAt: null };
}

export function baseRowOf(targetId: number, startSeg: number, endSeg: number, finishedSec: number): Omit<PitrBaseBackup, "id"> {
  return {
    targetId, status: "success", files: [{ name: "base.tar", key: `pitr/${targetId}/base/${startSeg}/base.tar.zst`, size: 1, storedSize: 1, sha256: "x" }],
    timeline: 1, startLsn: null, endLsn: null, startWal: segmentName(1, startSeg, MB), endWal: segmentName(1, endSeg, MB), walSegSize: MB,
    startedAt: at(finishedSec - 1), finishedAt: at(finishedSec), sizeBytes: 1, error: null, taskId: null, runId: null, deletingAt: null,
  };
}

export function insertWal(targetId: number, segs: [number, number][]): PitrWal[] {
  return segs.map(([n, s]) => getDb().insert(pitrWal).values(walRowOf(targetId, n, s)).returning().get());
}

export function insertBase(targetId: number, startSeg: number, endSeg: number, finishedSec: number): PitrBaseBackup {
  return getDb().insert(pitrBaseBackups).values(baseRowOf(targetId, startSeg, endSeg, finishedSec)).returning().get();
}
