import type { RunStatus } from "../db/schema";

/** The counters of a run as its DTO carries them (ISO times). */
export interface ProgressRun {
  status: RunStatus;
  startedAt: string | null;
  bytesProcessed: number | null;
  totalBytes: number | null;
}

/** What a progress line needs, worked out from the run's counters and the clock (ms; null before hydration). */
export function progressFigures(run: ProgressRun, now: number | null) {
  const done = run.bytesProcessed ?? 0;
  const total = run.totalBytes && run.totalBytes > 0 ? run.totalBytes : null;
  const elapsedS = run.startedAt && now !== null ? Math.max(0.001, (now - Date.parse(run.startedAt)) / 1000) : null;
  // Average since start: steadier than the last interval for a tar of mixed big and small files.
  const rate = elapsedS && done > 0 ? done / elapsedS : null;
  const percent = total ? Math.min(100, Math.floor((done / total) * 100)) : null;
  const leftMs = total && rate ? Math.max(0, ((total - done) / rate) * 1000) : null;
  return { done, total, rate, percent, leftMs };
}
