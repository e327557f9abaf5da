"use client";

import type { RunDto } from "@/lib/services/runs/dto";
import { DataTable } from "@/components/data-table/data-table";
import { runColumns } from "./columns";

export function RunsTable({ rows }: { rows: RunDto[] }) {
  return (
    <DataTable
      columns={runColumns}
      data={rows}
      caption="Backup runs, newest first"
      emptyText="No runs match these filters."
      rowTestId={(r) => `run-row-${r.id}`}
    />
  );
}
