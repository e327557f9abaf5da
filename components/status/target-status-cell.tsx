import { StatusBadge } from "./status-badge";
import { RelativeTime } from "./relative-time";

/**
 * THE target status word (from lib/status: ok/failed/overdue/running/never/paused) for tables and
 * detail pages; an overdue target also says since when.
 */
export function TargetStatusCell({ status, overdueSince }: { status: string | null | undefined; overdueSince?: string | null }) {
  return (
    <span className="inline-flex items-center gap-1.5" data-testid="target-status">
      <StatusBadge status={status ?? "never"} />
      {status === "overdue" && overdueSince ? (
        <span className="text-xs text-slate-500">
          since <RelativeTime iso={overdueSince} />
        </span>
      ) : null}
    </span>
  );
}
