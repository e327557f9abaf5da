"use client";

import { useSyncExternalStore } from "react";
import { formatBytes, formatDuration, formatRate } from "@/lib/ui/units";
import { progressFigures, type ProgressRun } from "@/lib/ui/progress";

const TICK_MS = 1000;
function subscribe(onChange: () => void) {
  const t = setInterval(onChange, TICK_MS);
  return () => clearInterval(t);
}
const snapshot = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;

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
