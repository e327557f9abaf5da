import Link from "next/link";
import type { DashboardTargetRow } from "@/lib/services/dashboard/target-rows";
import { formatBytes } from "@/lib/ui/units";
import { RelativeTime } from "@/components/status/relative-time";
import { StatusBadge } from "@/components/status/status-badge";
import { TargetStatusCell } from "@/components/status/target-status-cell";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

/** Every target, worst first, with what a leader asks: is it safe, since when, what went wrong. */
export function HealthTable({ rows }: { rows: DashboardTargetRow[] }) {
  return (
    <Table aria-label="Target health">
      <TableHeader>
        <TableRow>
          <TableHead>Target</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Last success</TableHead>
          <TableHead>Last run</TableHead>
          <TableHead>Next run</TableHead>
          <TableHead className="text-right">Artifact size</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.targetId} data-target-id={r.targetId}>
            <TableCell>
              <Link href={`/apps/${r.appId}`} className="text-slate-500 hover:underline">
                {r.appName}
              </Link>
              <span className="text-slate-400"> / </span>
              <Link href={`/targets/${r.targetId}`} className="font-medium hover:underline">
                {r.targetName}
              </Link>
            </TableCell>
            <TableCell>
              <TargetStatusCell status={r.status} overdueSince={r.overdueSince} expectedAt={r.expectedAt} />
            </TableCell>
            <TableCell>
              <RelativeTime iso={r.lastSuccessAt} empty="never" />
            </TableCell>
            <TableCell className="max-w-sm">
              {r.lastRun ? (
                <div className="grid gap-0.5">
                  <div className="flex items-center gap-2">
                    <StatusBadge status={r.lastRun.status} />
                    <Link href={`/runs/${r.lastRun.id}`} className="text-xs text-slate-600 hover:underline">
                      <RelativeTime iso={r.lastRun.at} />
                    </Link>
                  </div>
                  {r.lastRun.error ? (
                    <div className="truncate text-xs text-red-700" title={r.lastRun.error}>
                      {r.lastRun.error}
                    </div>
                  ) : null}
                </div>
              ) : (
                <span className="text-slate-400">no runs yet</span>
              )}
            </TableCell>
            <TableCell>
              <RelativeTime iso={r.nextRunAt} empty={r.status === "paused" ? "paused" : "not scheduled"} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatBytes(r.artifactSizeBytes)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
