import type { ArtifactManifest } from "@/lib/services/restores/shapes";
import { formatBytes } from "@/lib/ui/units";
import { CodeBlock } from "@/components/ui/code-block";

/** The manifest's key facts, and the raw JSON folded away. */
export function ManifestSummary({ manifest: m, sizeBytes, sha256 }: { manifest: ArtifactManifest; sizeBytes: number | null; sha256: string | null }) {
  const tool = m.tool as { name?: string; version?: string } | undefined;
  const server = m.server as { version?: string } | null | undefined;
  const rows: [string, React.ReactNode][] = [
    ["App / target", `${m.app} / ${m.target}`],
    ["Type", m.type],
    ["Backed up", `${m.startedAt ?? "?"} → ${m.finishedAt ?? "?"}`],
    ["Tool", tool ? `${tool.name ?? "?"} ${tool.version ?? ""}` : "—"],
    ["Server", server?.version ?? "—"],
    ["Payload", `${m.payload.name} (${formatBytes(m.payload.sizeBytes ?? null)})`],
    ["Artifact", `${formatBytes(sizeBytes)}, ${m.compression ?? "?"}`],
    ["sha256", <code key="sha" className="break-all text-xs">{sha256 ?? "—"}</code>],
  ];
  return (
    <div className="grid gap-2 text-sm">
      <dl className="grid gap-y-1">
        {rows.map(([k, v]) => (
          <div key={k} className="grid min-w-0 grid-cols-[7.5rem_minmax(0,1fr)] gap-3">
            <dt className="text-muted-foreground">{k}</dt>
            <dd className="min-w-0 break-words">{v}</dd>
          </div>
        ))}
      </dl>
      <details>
        <summary className="cursor-pointer text-muted-foreground">manifest.json</summary>
        <CodeBlock label="manifest.json" code={JSON.stringify(m, null, 2)} className="mt-2 max-h-72 overflow-auto" />
      </details>
    </div>
  );
}
