"use client";

import { useSyncExternalStore } from "react";
import type { RunDto } from "@/lib/services/runs/dto";
import { formatBytes, formatDuration, formatRate } from "@/lib/ui/units";

const TICK_MS = 1000;
function subscribe(onChange: () => void) {
  const t = setInterval(onChange, TICK_MS);
  return () => clearInterval(t);
}
const snapshot = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;

type ProgressRun = Pick<RunDto, "status" | "startedAt" | "bytesProcessed" | "totalBytes">;

/** What a progress line needs, worked out from the run's counters and the clock. */
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

/** Bytes processed and throughput while a run goes; a bar, percentage and time left when the total is known. */
export function RunProgress({ run, compact = false }: { run: ProgressRun; compact?: boolean }) {
  const now = useSyncExternalStore(subscribe, snapshot, () => null);
  if (run.status === "queued") return <p className="text-sm text-slate-600">Waiting for a free slot…</p>;
  if (run.status !== "running") return null;
  const f = progressFigures(run, now);
  return (
    <div className={compact ? "grid gap-1 text-xs" : "grid gap-2 text-sm"} data-testid="run-progress">
      {f.percent !== null ? (
        <div
          role="progressbar"
          aria-label="Backup progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={f.percent}
          className={compact ? "h-1.5 w-full overflow-hidden rounded bg-slate-200" : "h-2.5 w-full overflow-hidden rounded bg-slate-200"}
        >
          <div className="h-full bg-blue-600 transition-[width]" style={{ width: `${f.percent}%` }} />
        </div>
      ) : null}
      <p className="text-slate-700">
        {f.percent !== null ? <strong>{f.percent}% · </strong> : null}
        {formatBytes(f.done)}
        {f.total ? ` of ${formatBytes(f.total)}` : ""} processed
        {f.rate !== null ? ` · ${formatRate(f.rate)}` : ""}
        {f.leftMs !== null ? ` · about ${formatDuration(f.leftMs)} left` : ""}
      </p>
    </div>
  );
}
