import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { TYPE_LABELS } from "./type-labels";

/** Filters as a GET form (?app=&type=): shareable URLs, and it works without JavaScript. */
export function TargetsFilter({ apps, app, type }: { apps: { id: number; name: string }[]; app?: string; type?: string }) {
  return (
    <form method="get" className="mb-3 grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap" role="search" aria-label="Filter targets">
      <label className="grid gap-1 text-sm sm:w-48">
        <span className="font-medium">App</span>
        <NativeSelect name="app" defaultValue={app ?? ""}>
          <option value="">All apps</option>
          {apps.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </NativeSelect>
      </label>
      <label className="grid gap-1 text-sm sm:w-48">
        <span className="font-medium">Type</span>
        <NativeSelect name="type" defaultValue={type ?? ""}>
          <option value="">All types</option>
          {Object.entries(TYPE_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </NativeSelect>
      </label>
      <Button type="submit" variant="outline">
        Filter
      </Button>
    </form>
  );
}
