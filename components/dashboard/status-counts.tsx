import type { StatusCounts } from "@/lib/services/dashboard/health";
import { StatusBadge } from "@/components/status/status-badge";

const ORDER = ["failed", "overdue", "never", "running", "paused", "ok"] as const;
const LABELS: Record<(typeof ORDER)[number], string> = {
  failed: "Failed",
  overdue: "Overdue",
  never: "Never backed up",
  running: "Running",
  paused: "Paused",
  ok: "OK",
};

/** The counts at the top: one tile per status word, worst first. */
export function StatusCountTiles({ counts }: { counts: StatusCounts }) {
  return (
    <ul aria-label="Targets by status" className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7">
      <li className="rounded-lg border border-border bg-card p-3" data-count="total">
        <div className="text-2xl font-semibold tabular-nums">{counts.total}</div>
        <div className="text-xs text-muted-foreground">Targets</div>
      </li>
      {ORDER.map((s) => (
        <li
          key={s}
          data-count={s}
          aria-label={`${LABELS[s]}: ${counts[s]}`}
          className={`rounded-lg border bg-card p-3 ${counts[s] > 0 && (s === "failed" || s === "overdue") ? "border-red-300 dark:border-red-500/50" : "border-border"}`}
        >
          <div className="text-2xl font-semibold tabular-nums">{counts[s]}</div>
          <div className="flex items-center gap-1 text-xs text-muted-foreground">
            <StatusBadge status={s} />
            <span className="sr-only">{LABELS[s]}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
