import Link from "next/link";
import type { Contents, PathPage } from "@/lib/services/restores/shapes";
import { formatBytes } from "@/lib/ui/units";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";

/** What the artifact holds: tables with row counts, a searchable path list, or Redis figures. */
export function ArtifactContents({ contents, paths, q }: { contents: Contents; paths: PathPage | null; q: string }) {
  if (contents.kind === "tables") {
    return (
      <div className="grid gap-2">
        <p className="text-xs text-muted-foreground">
          {contents.tables.length} table(s) — {contents.source}
        </p>
        {contents.objects?.length ? (
          <p className="text-xs text-slate-600" data-testid="dump-objects">
            Also: {contents.objects.map((o) => `${o.count} ${o.kind.toLowerCase()}${o.count === 1 ? "" : "(s)"}`).join(", ")}
          </p>
        ) : null}
        <Table aria-label="Tables in the backup">
          <TableHeader>
            <TableRow>
              <TableHead>Table</TableHead>
              <TableHead className="text-right">Rows</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {contents.tables.map((t) => (
              <TableRow key={`${t.schema ?? ""}.${t.name}`}>
                <TableCell>{t.schema ? `${t.schema}.${t.name}` : t.name}</TableCell>
                <TableCell className="text-right tabular-nums">{t.rows ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    );
  }
  if (contents.kind === "redis") {
    return (
      <p className="text-sm">
        RDB snapshot of {formatBytes(contents.sizeBytes)}
        {contents.keys != null ? `, ${contents.keys} key(s)` : ""}.
      </p>
    );
  }
  if (contents.kind === "other") return <p className="text-sm">{contents.note}</p>;
  const pages = paths ? Math.max(1, Math.ceil(paths.total / paths.pageSize)) : 1;
  const link = (page: number) => {
    const sp = new URLSearchParams();
    if (q) sp.set("q", q);
    sp.set("page", String(page));
    return `?${sp.toString()}`;
  };
  return (
    <div className="grid gap-2 text-sm">
      <p data-testid="folder-stats">
        {contents.fileCount} file(s), {formatBytes(contents.totalBytes)} in total.
      </p>
      <form method="get" className="flex items-end gap-2" role="search">
        <div className="grid flex-1 gap-1">
          <Label htmlFor="path-search">Search paths</Label>
          <Input id="path-search" name="q" defaultValue={q} placeholder="part of a file name" />
        </div>
        <Button type="submit" variant="outline">
          Search
        </Button>
      </form>
      {paths ? (
        <>
          <Table aria-label="Paths in the backup">
            <TableHeader>
              <TableRow>
                <TableHead>Path</TableHead>
                <TableHead className="text-right">Size</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {paths.items.map((p) => (
                <TableRow key={p.path}>
                  <TableCell className="break-all">
                    {p.path}
                    {p.type === "dir" ? "/" : p.type === "link" ? " (symlink)" : ""}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{p.type === "file" ? formatBytes(p.size) : ""}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className="flex items-center gap-3 text-xs text-muted-foreground">
            <span>
              {paths.total} match(es) · page {paths.page} of {pages}
            </span>
            {paths.page > 1 ? <Link className="underline" href={link(paths.page - 1)}>Previous</Link> : null}
            {paths.page < pages ? <Link className="underline" href={link(paths.page + 1)}>Next</Link> : null}
          </div>
        </>
      ) : null}
    </div>
  );
}
