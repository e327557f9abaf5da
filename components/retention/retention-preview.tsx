import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { previewRetention, type RetentionLine } from "@/lib/services/retention/preview";
import { RelativeTime } from "@/components/status/relative-time";
import { Badge } from "@/components/ui/badge";
import { formatBytes } from "@/lib/ui/units";

function Lines({ lines, label }: { lines: RetentionLine[]; label: string }) {
  return (
    <ul aria-label={label} className="grid gap-1 text-sm">
      {lines.map((l) => (
        <li key={l.runId} className="flex flex-wrap items-center gap-2">
          <Link className="underline-offset-2 hover:underline" href={`/runs/${l.runId}`}>
            run #{l.runId}
          </Link>
          <RelativeTime iso={l.at} />
          <span className="text-xs text-muted-foreground">{formatBytes(l.sizeBytes)}</span>
          {l.pinned ? <Badge variant="info">pinned</Badge> : null}
          {l.reasons.length ? <span className="text-xs text-muted-foreground">({l.reasons.join("; ")})</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** "With this policy these artifacts would be deleted" for one target (for /targets/[id]). */
export async function RetentionPreview({ targetId }: { targetId: number }) {
  const actor = await currentActor();
  if (!actor) return null;
  const p = previewRetention(actor, targetId);
  return (
    <section aria-labelledby="retention-preview" className="grid gap-2">
      <h2 id="retention-preview" className="text-base font-semibold">
        Retention
      </h2>
      <p className="text-sm text-foreground">
        Policy: {p.policyText} (periods counted in {p.timezone}). The newest successful, pinned and in-restore artifacts are always kept.
      </p>
      {p.delete.length ? (
        <div className="grid gap-1">
          <p className="text-sm font-medium">
            With this policy these {p.delete.length} artifact{p.delete.length === 1 ? "" : "s"} would be deleted ({formatBytes(p.bytesFreed)}):
          </p>
          <Lines lines={p.delete} label="Artifacts that would be deleted" />
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">With this policy no artifact would be deleted now.</p>
      )}
      {p.keep.length ? (
        <details>
          <summary className="cursor-pointer text-sm">Kept: {p.keep.length} artifact{p.keep.length === 1 ? "" : "s"}</summary>
          <Lines lines={p.keep} label="Artifacts kept" />
        </details>
      ) : null}
    </section>
  );
}
