import type { DashboardTargetRow } from "@/lib/services/dashboard/target-rows";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/status/relative-time";

/**
 * The dashboard's copies column: how many copies each copy location holds ("S3 ×12"), whether
 * one is offsite (S3 or SFTP), and the newest copy's age — in red words when it is older than the
 * target's limit (the copy.lagging event fires then too).
 */
export function CopiesCell({ copies }: { copies: DashboardTargetRow["copies"] }) {
  if (!copies) return <span className="text-muted-foreground/70">no copies</span>;
  return (
    <div className="grid gap-0.5 text-xs" data-testid="copies-cell">
      <div className="flex flex-wrap items-center gap-1">
        {copies.locations.map((l) => (
          <span key={l.storageId} className="whitespace-nowrap" title={`${l.copies} cop${l.copies === 1 ? "y" : "ies"} in ${l.name} (${l.kind})`}>
            {l.name} ×{l.copies}
          </span>
        ))}
        {copies.offsite ? <Badge variant="success">offsite</Badge> : <Badge variant="warning">no offsite copy</Badge>}
      </div>
      <div className={copies.lagging ? "text-destructive" : "text-muted-foreground"}>
        {copies.lagging ? <Badge variant="danger">lagging</Badge> : null} newest <RelativeTime iso={copies.newestCopyAt} empty="never" />
        {copies.lagging ? <span> (limit {copies.lagLimitHours} h)</span> : null}
      </div>
    </div>
  );
}
