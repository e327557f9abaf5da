import type { SnapshotSummary } from "./backup-output";

/** What `GET /api/v1/runs/{id}` shows as `"snapshot"` for a run of the restic engine (issue 14). */
export interface RunSnapshot {
  id: string;
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  dataAddedBytes: number;
  totalBytes: number;
}

/** Exactly the fields, nothing else (durations and file totals stay in the run's log). */
export function toRunSnapshot(s: SnapshotSummary): RunSnapshot {
  return {
    id: s.id,
    filesNew: s.filesNew,
    filesChanged: s.filesChanged,
    filesUnmodified: s.filesUnmodified,
    dataAddedBytes: s.dataAddedBytes,
    totalBytes: s.totalBytes,
  };
}
