import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/status/relative-time";
import { formatBytes } from "@/lib/ui/units";
import type { RunCopyView } from "@/lib/services/runs/copies";

const WORD: Record<RunCopyView["status"], { word: string; tone: string }> = {
  pending: { word: "pending", tone: "text-muted-foreground" },
  copying: { word: "copying", tone: "text-blue-700 dark:text-blue-400" },
  copied: { word: "copied", tone: "text-green-700 dark:text-green-400" },
  failed: { word: "failed", tone: "text-destructive" },
  pruned: { word: "pruned", tone: "text-muted-foreground" },
};

/** The run's copies in its target's copy locations: status (colour and word), size, when, why not. */
export function RunCopies({ runId, copies, canDownload }: { runId: number; copies: RunCopyView[]; canDownload: boolean }) {
  if (copies.length === 0) return null;
  return (
    <Card className="mb-4">
      <CardHeader>
        <CardTitle>Copies</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-2 text-sm" aria-label="Copies">
          {copies.map((c) => (
            <li key={c.storageId} className="flex flex-wrap items-baseline gap-x-3 gap-y-1" data-testid={`copy-${c.storageId}`}>
              <span className="font-medium">{c.storageName}</span>
              <span className="text-xs text-muted-foreground">
                {c.kind}
                {c.encrypted ? ", encrypted (age)" : ""}
              </span>
              <span className={`font-semibold ${WORD[c.status].tone}`}>{WORD[c.status].word}</span>
              {/* A restic copy's size is what it added to that repository, as the run's "Data added". */}
              {c.sizeBytes != null ? <span>{c.snapshotId ? `${formatBytes(c.sizeBytes)} added` : formatBytes(c.sizeBytes)}</span> : null}
              {c.copiedAt ? <RelativeTime iso={c.copiedAt} exact /> : null}
              {c.snapshotId ? <span className="font-mono text-xs">snapshot {c.snapshotId.slice(0, 8)}</span> : null}
              {canDownload && c.status === "copied" && !c.snapshotId ? (
                <a className="text-link underline-offset-2 hover:underline" href={`/api/runs/${runId}/artifact?storage=${c.storageId}`} download>
                  Download from {c.storageName}
                </a>
              ) : null}
              {c.error ? <span className="w-full break-words font-mono text-xs text-destructive">{c.error}</span> : null}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
