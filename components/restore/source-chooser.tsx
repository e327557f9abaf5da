import Link from "next/link";
import type { RestorePreview } from "@/lib/services/restores/preview";

type ArtifactSource = RestorePreview["sources"][number];
import { Badge } from "@/components/ui/badge";

/**
 * Where the restore reads the artifact from: the primary and every copy, healthy nearest first.
 * The nearest healthy one is used unless the user picks another (`?storage=<location id>`, kept
 * with the destination's own query). A source that cannot be read says why and is not a link.
 */
export function SourceChooser({ sources, used, chosen, query }: { sources: ArtifactSource[]; used: ArtifactSource | null; chosen: number | null; query: Record<string, string> }) {
  const hrefFor = (storageId: number | null) => {
    const q = new URLSearchParams(query);
    if (storageId == null) q.delete("storage");
    else q.set("storage", String(storageId));
    const s = q.toString();
    return s ? `?${s}` : "?";
  };
  return (
    <ul className="grid gap-2 text-sm" aria-label="Artifact sources">
      {sources.map((s) => {
        const isUsed = used != null && s.storageId === used.storageId && s.role === used.role;
        const what = `${s.role === "primary" ? "Primary" : "Copy"}: ${s.name} (${s.kind}${s.encrypted ? ", age-encrypted" : ""})`;
        return (
          <li key={`${s.role}-${s.storageId ?? "default"}`} className="flex flex-wrap items-center gap-2 rounded-md border px-3 py-2" data-testid="artifact-source">
            <span className="min-w-0 break-words">{what}</span>
            {isUsed ? <Badge>{chosen != null ? "chosen" : "used"}</Badge> : null}
            {!s.healthy ? <span className="text-destructive">cannot be read: {s.problem}</span> : null}
            {s.healthy && !isUsed && s.storageId != null ? (
              <Link className="ml-auto underline" href={hrefFor(s.storageId)} aria-label={`Read from ${s.name}`}>
                Read from here
              </Link>
            ) : null}
            {isUsed && chosen != null ? (
              <Link className="ml-auto underline" href={hrefFor(null)}>
                Use the nearest
              </Link>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
