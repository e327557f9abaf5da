"use client";

import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { TargetOverview } from "@/lib/services/targets/overview";
import { targetColumns } from "./columns";
import { TYPE_LABELS } from "./type-labels";

/** Matches every word of the query against app, target, type, description and status. */
export function matchesTarget(t: TargetOverview, q: string): boolean {
  const hay = `${t.appName}/${t.name} ${t.appName} ${t.name} ${TYPE_LABELS[t.type]} ${t.type} ${t.description ?? ""} ${t.status}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

/**
 * The targets table with a search box that filters as you type (the list is small and already
 * here); the query is kept in the address (?q=) so a filtered view can be shared.
 */
export function TargetsTable({
  targets,
  canRun,
  isAdmin,
  emptyText,
  initialQuery = "",
  searchable = false,
}: {
  targets: TargetOverview[];
  canRun: boolean;
  isAdmin: boolean;
  emptyText?: string;
  initialQuery?: string;
  searchable?: boolean;
}) {
  const columns = useMemo(() => targetColumns({ canRun, isAdmin }), [canRun, isAdmin]);
  const [q, setQ] = useState(initialQuery);
  const shown = useMemo(() => (q.trim() ? targets.filter((t) => matchesTarget(t, q)) : targets), [targets, q]);
  return (
    <div className="grid gap-3">
      {searchable ? (
        <div className="grid max-w-sm gap-1">
          <Label htmlFor="target-search">Search targets</Label>
          <Input
            id="target-search"
            type="search"
            value={q}
            placeholder="app, target, type or status"
            onChange={(e) => {
              setQ(e.target.value);
              const url = new URL(window.location.href);
              if (e.target.value) url.searchParams.set("q", e.target.value);
              else url.searchParams.delete("q");
              window.history.replaceState(null, "", url);
            }}
          />
        </div>
      ) : null}
      <DataTable
        columns={columns}
        data={shown}
        caption="Targets"
        emptyText={q.trim() && targets.length ? `No target matches “${q.trim()}”.` : (emptyText ?? "No targets yet.")}
        rowTestId={(t) => `target-row-${t.id}`}
      />
    </div>
  );
}
