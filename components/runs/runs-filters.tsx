import Link from "next/link";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { RunFilterOptions } from "@/lib/services/runs/filter-options";

const STATUSES = ["queued", "running", "success", "partial", "failed", "cancelled", "interrupted"];
const TRIGGERS = ["manual", "scheduler", "api", "safety", "upload", "retry"];

/** Filters as a plain GET form: the URL holds them, so a filtered view can be shared and bookmarked. */
export function RunsFilters({ options, values }: { options: RunFilterOptions; values: Record<string, string | undefined> }) {
  const select = (id: string, label: string, items: { value: string; label: string }[]) => (
    <div className="grid gap-1">
      <Label htmlFor={`filter-${id}`}>{label}</Label>
      <NativeSelect id={`filter-${id}`} name={id} defaultValue={values[id] ?? ""} className="w-44">
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
    <form method="get" action="/runs" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter runs">
      {select("appId", "App", options.apps.map((a) => ({ value: String(a.id), label: a.name })))}
      {select("targetId", "Target", options.targets.map((t) => ({ value: String(t.id), label: `${t.appName} / ${t.name}` })))}
      {select("status", "Status", STATUSES.map((s) => ({ value: s, label: s })))}
      {select("trigger", "Trigger", TRIGGERS.map((s) => ({ value: s, label: s })))}
      <Button type="submit" variant="outline">
        Filter
      </Button>
      <Link href="/runs" className="pb-2 text-sm underline">
        Clear
      </Link>
    </form>
  );
}
