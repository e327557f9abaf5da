import Link from "next/link";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatBytes } from "@/lib/ui/units";
import type { SnapshotFolder } from "@/lib/services/runs/snapshot-files";

/**
 * A restic run's snapshot, one folder at a time (server-rendered: the folder, search and page are
 * in the URL, so it works without JavaScript and a link names a folder). Operators get tar
 * downloads of any folder or file; restoring one folder is the restore API's `include` (the restore page restores all of it).
 */
export function SnapshotBrowser({ runId, folder, error, q, canDownload }: { runId: number; folder: SnapshotFolder | null; error: string | null; q: string; canDownload: boolean }) {
  const href = (p: string, extra: Record<string, string | number> = {}) => `/runs/${runId}?${new URLSearchParams({ path: p, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) })}`;
  const at = folder?.path ?? "/";
  const crumbs = at === "/" ? [] : at.split("/").slice(1);
  return (
    <Card className="mb-4">
      <CardHeader>
        <CardTitle>Files in the snapshot</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <nav aria-label="Folder" className="flex flex-wrap gap-1">
          <Link href={href("/")} className="underline-offset-2 hover:underline">/</Link>
          {crumbs.map((c, i) => (
            <span key={i}>
              <Link href={href("/" + crumbs.slice(0, i + 1).join("/"))} className="underline-offset-2 hover:underline">{c}</Link>/
            </span>
          ))}
        </nav>
        <form className="flex gap-2" action={`/runs/${runId}`}>
          <input type="hidden" name="path" value={at} />
          <label htmlFor="snapshot-search" className="sr-only">Search this folder</label>
          <input id="snapshot-search" name="q" defaultValue={q} placeholder="Search this folder" className="h-8 rounded-md border px-2" />
          <button type="submit" className="rounded-md border px-3">Search</button>
          {canDownload ? <a href={`/api/runs/${runId}/files?path=${encodeURIComponent(at)}`} className="ml-auto rounded-md border px-3 py-1" download>Download this folder as tar</a> : null}
        </form>
        {error ? <p role="alert" className="text-destructive">{error}</p> : null}
        {folder ? (
          <table className="w-full text-left" aria-label="Snapshot files">
            <thead>
              <tr><th>Name</th><th>Type</th><th>Size</th><th>Modified</th><th><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {folder.entries.map((e) => (
                <tr key={e.path}>
                  <td>{e.type === "dir" ? <Link href={href(e.path)} className="underline-offset-2 hover:underline">{e.name}/</Link> : e.name}</td>
                  <td>{e.type}</td>
                  <td>{e.type === "file" ? formatBytes(e.size) : "—"}</td>
                  <td>{e.mtime ? new Date(e.mtime).toISOString().slice(0, 19).replace("T", " ") : "—"}</td>
                  <td>{canDownload && e.type !== "other" ? <a href={`/api/runs/${runId}/files?path=${encodeURIComponent(e.path)}`} download className="underline-offset-2 hover:underline">Download</a> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {folder && folder.total > folder.offset + folder.entries.length ? (
          <Link href={href(at, { q, offset: folder.offset + folder.limit })} className="underline-offset-2 hover:underline">Next {folder.limit}</Link>
        ) : null}
        {folder ? <p className="text-muted-foreground">{folder.total} entr{folder.total === 1 ? "y" : "ies"}</p> : null}
      </CardContent>
    </Card>
  );
}
