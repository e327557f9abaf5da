"use client";

import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import type { RunDto } from "@/lib/services/runs/dto";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { formatBytes, formatDuration } from "@/lib/ui/units";

export const runColumns: ColumnDef<RunDto>[] = [
  {
    id: "id",
    header: "Run",
    cell: ({ row }) => (
      <Link href={`/runs/${row.original.id}`} className="font-medium underline-offset-2 hover:underline">
        #{row.original.id}
      </Link>
    ),
  },
  { id: "app", header: "App", cell: ({ row }) => row.original.appName },
  { id: "target", header: "Target", cell: ({ row }) => row.original.targetName },
  { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  {
    id: "trigger",
    header: "Trigger",
    cell: ({ row }) => (
      <span title={row.original.userEmail ?? undefined}>
        {row.original.trigger}
        {row.original.userEmail ? <span className="text-slate-500"> · {row.original.userEmail}</span> : null}
      </span>
    ),
  },
  { id: "started", header: "Started", cell: ({ row }) => <RelativeTime iso={row.original.startedAt ?? row.original.queuedAt} /> },
  { id: "duration", header: "Duration", cell: ({ row }) => formatDuration(row.original.durationMs) },
  { id: "size", header: "Size", cell: ({ row }) => formatBytes(row.original.sizeBytes) },
  {
    id: "error",
    header: "Error",
    cell: ({ row }) =>
      row.original.error ? (
        <span className="line-clamp-2 max-w-xs text-xs text-red-700" title={row.original.error}>
          {row.original.error}
        </span>
      ) : null,
  },
];
