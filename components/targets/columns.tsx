"use client";

import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { Badge } from "@/components/ui/badge";
import { BackupNowButton } from "@/components/runs/backup-now-button";
import { formatBytes } from "@/lib/ui/units";
import type { TargetOverview } from "@/lib/services/targets/overview";
import { TargetStatusCell } from "@/components/status/target-status-cell";
import { RunProgress } from "@/components/runs/run-progress";
import { TYPE_LABELS } from "./type-labels";

export function targetColumns({ canRun, isAdmin }: { canRun: boolean; isAdmin: boolean }): ColumnDef<TargetOverview>[] {
  return [
    {
      id: "app",
      header: "App",
      cell: ({ row }) => (
        <Link href={`/apps/${row.original.appId}`} className="hover:underline">
          {row.original.appName}
        </Link>
      ),
    },
    {
      id: "target",
      header: "Target",
      cell: ({ row }) => (
        <Link href={`/targets/${row.original.id}`} className="font-medium hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    { id: "type", header: "Type", cell: ({ row }) => TYPE_LABELS[row.original.type] },
    {
      id: "enabled",
      header: "Enabled",
      cell: ({ row }) => (row.original.enabled ? <Badge variant="success">enabled</Badge> : <Badge variant="muted">disabled</Badge>),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => {
        const t = row.original;
        return (
          <div className="grid min-w-32 gap-1">
            <TargetStatusCell status={t.status} overdueSince={t.overdueSince} expectedAt={t.expectedAt} />
            {t.activeRun ? (
              <Link href={`/runs/${t.activeRun.id}`} className="block" aria-label={`Run ${t.activeRun.id} in progress`}>
                <RunProgress run={t.activeRun} compact />
              </Link>
            ) : null}
          </div>
        );
      },
    },
    {
      id: "lastRun",
      header: "Last run",
      cell: ({ row }) =>
        row.original.lastRunId ? (
          <Link href={`/runs/${row.original.lastRunId}`} className="inline-flex items-center gap-1.5 hover:underline">
            <StatusBadge status={row.original.lastRunStatus ?? "never"} />
            <RelativeTime iso={row.original.lastRunAt} />
          </Link>
        ) : (
          <StatusBadge status="never" />
        ),
    },
    { id: "lastSuccess", header: "Last success", cell: ({ row }) => <RelativeTime iso={row.original.lastSuccessAt} empty="never" /> },
    { id: "nextRun", header: "Next run", cell: ({ row }) => <RelativeTime iso={row.original.nextRunAt} empty="not scheduled" /> },
    { id: "size", header: "Size", cell: ({ row }) => <span className="tabular-nums">{formatBytes(row.original.lastSizeBytes)}</span> },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (
        <div className="flex justify-end gap-2">
          <BackupNowButton targetId={row.original.id} targetType={row.original.type} canRun={canRun} />
          {isAdmin ? (
            <Link href={`/targets/${row.original.id}/edit`} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-xs hover:bg-slate-100">
              Edit<span className="sr-only"> {row.original.appName}/{row.original.name}</span>
            </Link>
          ) : null}
        </div>
      ),
    },
  ];
}
