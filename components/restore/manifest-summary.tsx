import type { ArtifactManifest } from "@/lib/archive/read";
import { formatBytes } from "@/lib/ui/units";

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
      <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted-foreground">{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <details>
        <summary className="cursor-pointer text-muted-foreground">manifest.json</summary>
        <pre className="mt-2 max-h-72 overflow-auto rounded bg-muted p-2 text-xs">{JSON.stringify(m, null, 2)}</pre>
      </details>
    </div>
  );
}
