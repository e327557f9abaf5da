"use client";

import { formatBytes, formatDuration, formatRate } from "@/lib/ui/units";
import { progressFigures, type ProgressRun } from "@/lib/ui/progress";
import { useElapsed } from "./live-duration";

/**
 * While a run goes: a bar, percentage and time left when the total is known; bytes and throughput
 * when only bytes are known; and always how long it has been running (a script that reports no
 * bytes shows "running for 2 min", never "0 B processed").
 */
export function RunProgress({ run, compact = false }: { run: ProgressRun; compact?: boolean }) {
  const elapsed = useElapsed(run.status === "running" ? run.startedAt : null);
  if (run.status === "queued") return <p className="text-sm text-muted-foreground">Waiting for a free slot…</p>;
  if (run.status !== "running") return null;
  const now = elapsed === null || !run.startedAt ? null : Date.parse(run.startedAt) + elapsed;
  const f = progressFigures(run, now);
  const parts: string[] = [];
  if (f.done > 0) {
    parts.push(`${formatBytes(f.done)}${f.total ? ` of ${formatBytes(f.total)}` : ""} processed`);
    if (f.rate !== null) parts.push(formatRate(f.rate));
    if (f.leftMs !== null) parts.push(`about ${formatDuration(f.leftMs)} left`);
  }
  const running = `running for ${elapsed === null ? "…" : formatDuration(elapsed)}`;
  return (
    <div className={compact ? "grid gap-1 text-xs" : "grid gap-2 text-sm"} data-testid="run-progress">
      {f.percent !== null ? (
        <div
          role="progressbar"
          aria-label="Backup progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={f.percent}
          className={compact ? "h-1.5 w-full overflow-hidden rounded bg-muted" : "h-2.5 w-full overflow-hidden rounded bg-muted"}
        >
          <div className="h-full bg-blue-600 transition-[width] dark:bg-blue-400" style={{ width: `${f.percent}%` }} />
        </div>
      ) : null}
      <p className="text-muted-foreground" suppressHydrationWarning>
        {f.percent !== null ? <strong className="whitespace-nowrap text-foreground">{f.percent}% · </strong> : null}
        {compact && parts.length ? parts[0] : [...parts, running].join(" · ")}
      </p>
    </div>
  );
}
