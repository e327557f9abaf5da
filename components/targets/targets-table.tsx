"use client";

import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import type { TargetOverview } from "@/lib/services/targets/overview";
import { targetColumns } from "./columns";

export function TargetsTable({ targets, canRun, isAdmin, emptyText }: { targets: TargetOverview[]; canRun: boolean; isAdmin: boolean; emptyText?: string }) {
  const columns = useMemo(() => targetColumns({ canRun, isAdmin }), [canRun, isAdmin]);
  return (
    <DataTable
      columns={columns}
      data={targets}
      caption="Targets"
      emptyText={emptyText ?? "No targets yet."}
      rowTestId={(t) => `target-row-${t.id}`}
    />
  );
}
