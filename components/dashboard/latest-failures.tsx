import Link from "next/link";
import type { RunDto } from "@/lib/services/runs/dto";
import { RelativeTime } from "@/components/status/relative-time";
import { StatusBadge } from "@/components/status/status-badge";

/** The newest failed runs with their reason; one click opens the run and its log. */
export function LatestFailures({ runs }: { runs: RunDto[] }) {
  if (runs.length === 0) return <p className="text-sm text-muted-foreground">No failed runs.</p>;
  return (
    <ul aria-label="Latest failures" className="grid gap-2">
      {runs.map((r) => (
        <li key={r.id} className="grid gap-0.5 rounded-md border border-red-200 bg-red-50/40 dark:border-red-500/25 dark:bg-red-500/5 px-3 py-2">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <StatusBadge status={r.status} />
            <span className="font-medium">
              {r.appName} / {r.targetName}
            </span>
            <span className="text-xs text-muted-foreground">
              <RelativeTime iso={r.finishedAt ?? r.startedAt ?? r.queuedAt} />
            </span>
            <Link href={`/runs/${r.id}`} className="ml-auto text-xs font-medium text-link hover:underline">
              Run #{r.id} log
            </Link>
          </div>
          <div className="break-words text-xs text-red-800 dark:text-red-300">{r.error ?? "no error summary recorded"}</div>
        </li>
      ))}
    </ul>
  );
}
