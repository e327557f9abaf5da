"use client";

import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { BackupNowButton } from "@/components/runs/backup-now-button";
import { formatBytes } from "@/lib/ui/units";
import type { TargetOverview } from "@/lib/services/targets/overview";
import { TargetStatusCell } from "@/components/status/target-status-cell";
import { RunProgress } from "@/components/runs/run-progress";
import { TYPE_LABELS } from "./type-labels";

// Phones keep Target, Status and the action; the other columns appear as the screen widens.
const MD = { className: "hidden md:table-cell" };
const LG = { className: "hidden lg:table-cell" };
const XL = { className: "hidden xl:table-cell" };

export function targetColumns({ canRun, isAdmin }: { canRun: boolean; isAdmin: boolean }): ColumnDef<TargetOverview>[] {
  return [
    {
      id: "app",
      header: "App",
      meta: MD,
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
        <div className="grid min-w-0">
          <span className="text-xs text-muted-foreground md:hidden">
            {row.original.appName} · {TYPE_LABELS[row.original.type]}
          </span>
          <Link href={`/targets/${row.original.id}`} className="break-words font-medium hover:underline">
            {row.original.name}
          </Link>
        </div>
      ),
    },
    { id: "type", header: "Type", meta: LG, cell: ({ row }) => TYPE_LABELS[row.original.type] },
    {
      id: "enabled",
      header: "Enabled",
      meta: LG,
      cell: ({ row }) => (row.original.enabled ? <Badge variant="success">enabled</Badge> : <Badge variant="muted">disabled</Badge>),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => {
        const t = row.original;
        return (
          <div className="grid gap-1 md:min-w-32">
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
      meta: MD,
      cell: ({ row }) =>
        row.original.lastRunId ? (
          <Link href={`/runs/${row.original.lastRunId}`} className="inline-flex items-center gap-1.5 whitespace-nowrap hover:underline">
            <StatusBadge status={row.original.lastRunStatus ?? "never"} />
            <RelativeTime iso={row.original.lastRunAt} />
          </Link>
        ) : (
          <StatusBadge status="never" />
        ),
    },
    { id: "lastSuccess", header: "Last success", meta: XL, cell: ({ row }) => <RelativeTime iso={row.original.lastSuccessAt} empty="never" /> },
    { id: "nextRun", header: "Next run", meta: LG, cell: ({ row }) => <RelativeTime iso={row.original.nextRunAt} empty="not scheduled" /> },
    { id: "size", header: "Size", meta: XL, cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatBytes(row.original.lastSizeBytes)}</span> },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (
        <div className="flex flex-wrap justify-end gap-1.5">
          <BackupNowButton targetId={row.original.id} targetType={row.original.type} canRun={canRun} size="sm" variant="outline" label={`${row.original.appName}/${row.original.name}`} />
          {isAdmin ? (
            <Button asChild variant="ghost" size="sm" className="hidden sm:inline-flex">
              <Link href={`/targets/${row.original.id}/edit`}>
                Edit<span className="sr-only"> {row.original.appName}/{row.original.name}</span>
              </Link>
            </Button>
          ) : null}
        </div>
      ),
    },
  ];
}
