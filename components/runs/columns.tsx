"use client";

import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import type { RunDto } from "@/lib/services/runs/dto";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { formatBytes } from "@/lib/ui/units";
import { LiveDuration } from "./live-duration";

// Phones keep run, target, status and when; the rest appear as the screen widens.
const SM = { className: "hidden sm:table-cell" };
const MD = { className: "hidden md:table-cell" };
const LG = { className: "hidden lg:table-cell" };

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
  {
    id: "target",
    header: "Target",
    cell: ({ row }) => (
      <Link href={`/targets/${row.original.targetId}`} className="break-words underline-offset-2 hover:underline">
        <span className="text-muted-foreground">{row.original.appName} / </span>
        {row.original.targetName}
      </Link>
    ),
  },
  { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  {
    id: "trigger",
    header: "Trigger",
    meta: LG,
    cell: ({ row }) => (
      <span title={row.original.userEmail ?? undefined}>
        {row.original.kind === "pitr-base" ? "PITR base backup" : row.original.trigger}
        {row.original.userEmail ? <span className="text-muted-foreground"> · {row.original.userEmail}</span> : null}
      </span>
    ),
  },
  { id: "started", header: "Started", meta: SM, cell: ({ row }) => <RelativeTime iso={row.original.startedAt ?? row.original.queuedAt} /> },
  {
    id: "duration",
    header: "Duration",
    meta: MD,
    cell: ({ row }) => (
      <span className="whitespace-nowrap">
        <LiveDuration startedAt={row.original.startedAt} durationMs={row.original.durationMs} running={row.original.status === "running"} />
      </span>
    ),
  },
  { id: "size", header: "Size", meta: MD, cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatBytes(row.original.sizeBytes)}</span> },
  {
    id: "error",
    header: "Error",
    meta: LG,
    cell: ({ row }) =>
      row.original.error ? (
        <span className="line-clamp-2 max-w-xs text-xs text-destructive" title={row.original.error}>
          {row.original.error}
        </span>
      ) : null,
  },
];
