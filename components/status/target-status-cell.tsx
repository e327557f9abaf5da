import { StatusBadge } from "./status-badge";
import { LocalTime } from "./local-time";

/**
 * THE target status word (from lib/engine/status: ok/failed/overdue/running/never/paused) for tables and
 * detail pages; an overdue target also says since when and which backup it waits for:
 * "overdue since Dec 2, 03:00 (expected Dec 2, 02:00)".
 */
export function TargetStatusCell({
  status,
  overdueSince,
  expectedAt,
}: {
  status: string | null | undefined;
  overdueSince?: string | null;
  expectedAt?: string | null;
}) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" data-testid="target-status">
      <StatusBadge status={status ?? "never"} />
      {status === "overdue" && overdueSince ? (
        <span className="text-xs text-muted-foreground" data-testid="overdue-since">
          since <LocalTime iso={overdueSince} />
          {expectedAt ? (
            <>
              {" "}
              (expected <LocalTime iso={expectedAt} />)
            </>
          ) : null}
        </span>
      ) : null}
    </span>
  );
}
