import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { RunFilterOptions } from "@/lib/services/runs/filter-options";

const STATUSES = ["queued", "running", "success", "partial", "failed", "cancelled", "interrupted"];
const TRIGGERS = ["manual", "scheduler", "api", "safety", "upload", "retry", "pitr"];

/** Filters as a plain GET form: the URL holds them, so a filtered view can be shared and bookmarked. */
export function RunsFilters({ options, values }: { options: RunFilterOptions; values: Record<string, string | undefined> }) {
  const select = (id: string, label: string, items: { value: string; label: string }[]) => (
    <div className="grid gap-1">
      <Label htmlFor={`filter-${id}`}>{label}</Label>
      <NativeSelect id={`filter-${id}`} name={id} defaultValue={values[id] ?? ""}>
        <option value="">All</option>
        {items.map((i) => (
          <option key={i.value} value={i.value}>
            {i.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
  return (
    <form method="get" action="/runs" className="mb-4 grid grid-cols-2 items-end gap-3 sm:grid-cols-3 lg:grid-cols-[minmax(12rem,1.5fr)_repeat(4,minmax(0,1fr))_auto]" role="search" aria-label="Filter runs">
      <div className="col-span-2 grid gap-1 sm:col-span-3 lg:col-span-1">
        <Label htmlFor="filter-q">Search</Label>
        <Input id="filter-q" name="q" type="search" defaultValue={values.q ?? ""} placeholder="#123, app, target or error text" />
      </div>
      {select("appId", "App", options.apps.map((a) => ({ value: String(a.id), label: a.name })))}
      {select("targetId", "Target", options.targets.map((t) => ({ value: String(t.id), label: `${t.appName} / ${t.name}` })))}
      {select("status", "Status", STATUSES.map((s) => ({ value: s, label: s })))}
      {select("trigger", "Trigger", TRIGGERS.map((s) => ({ value: s, label: s })))}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="outline">
          Filter
        </Button>
        <Link href="/runs" className="text-sm text-muted-foreground underline-offset-2 hover:underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
