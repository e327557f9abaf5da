import Link from "next/link";
import type { DashboardTargetRow } from "@/lib/services/dashboard/target-rows";
import { formatBytes } from "@/lib/ui/units";
import { RelativeTime } from "@/components/status/relative-time";
import { StatusBadge } from "@/components/status/status-badge";
import { TargetStatusCell } from "@/components/status/target-status-cell";
import { CopiesCell } from "./copies-cell";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** Every target, worst first, with what a leader asks: is it safe, since when, what went wrong. */
export function HealthTable({ rows }: { rows: DashboardTargetRow[] }) {
  return (
    <Table aria-label="Target health">
      <TableHeader>
        <TableRow>
          <TableHead>Target</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="hidden sm:table-cell">Last success</TableHead>
          <TableHead className="hidden md:table-cell">Last run</TableHead>
          <TableHead className="hidden lg:table-cell">Next run</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Artifact size</TableHead>
          <TableHead className="hidden md:table-cell">Copies</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.targetId} data-target-id={r.targetId}>
            <TableCell>
              <Link href={`/apps/${r.appId}`} className="text-muted-foreground hover:underline">
                {r.appName}
              </Link>
              <span className="text-muted-foreground/70"> / </span>
              <Link href={`/targets/${r.targetId}`} className="font-medium hover:underline">
                {r.targetName}
              </Link>
            </TableCell>
            <TableCell>
              <TargetStatusCell status={r.status} overdueSince={r.overdueSince} expectedAt={r.expectedAt} />
            </TableCell>
            <TableCell className="hidden sm:table-cell">
              <RelativeTime iso={r.lastSuccessAt} empty="never" />
            </TableCell>
            <TableCell className="hidden max-w-sm md:table-cell">
              {r.lastRun ? (
                <div className="grid gap-0.5">
                  <div className="flex items-center gap-2">
                    <StatusBadge status={r.lastRun.status} />
                    <Link href={`/runs/${r.lastRun.id}`} className="text-xs text-muted-foreground hover:underline">
                      <RelativeTime iso={r.lastRun.at} />
                    </Link>
                  </div>
                  {r.lastRun.error ? (
                    <div className="truncate text-xs text-destructive" title={r.lastRun.error}>
                      {r.lastRun.error}
                    </div>
                  ) : null}
                </div>
              ) : (
                <span className="text-muted-foreground/70">no runs yet</span>
              )}
            </TableCell>
            <TableCell className="hidden lg:table-cell">
              <RelativeTime iso={r.nextRunAt} empty={r.status === "paused" ? "paused" : "not scheduled"} />
            </TableCell>
            <TableCell className="hidden whitespace-nowrap text-right tabular-nums sm:table-cell">{formatBytes(r.artifactSizeBytes)}</TableCell>
            <TableCell className="hidden md:table-cell">
              <CopiesCell copies={r.copies} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
