import type { OrphanDto } from "@/lib/services/storage/orphans";
import { formatBytes } from "@/lib/ui/units";
import { RelativeTime } from "@/components/status/relative-time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DeleteOrphanButton } from "./delete-orphan-button";

/** Files left by deleted targets: where they are, whose they were, and (admin) a delete button. */
export function OrphanList({ orphans, canDelete }: { orphans: OrphanDto[]; canDelete: boolean }) {
  if (orphans.length === 0) return <p className="text-sm text-muted-foreground">None: every backup file on disk belongs to a target.</p>;
  const total = orphans.reduce((n, o) => n + (o.sizeBytes ?? 0), 0);
  return (
    <>
      <p className="text-sm">
        {orphans.length} file{orphans.length === 1 ? "" : "s"}, <span className="tabular-nums">{formatBytes(total)}</span>.
      </p>
      <Table aria-label="Files not belonging to any target">
        <TableHeader>
          <TableRow>
            <TableHead>Was</TableHead>
            <TableHead>File</TableHead>
            <TableHead className="text-right">Size</TableHead>
            <TableHead className="hidden md:table-cell">Taken</TableHead>
            <TableHead className="hidden lg:table-cell">Left since</TableHead>
            {canDelete ? (
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {orphans.map((o) => (
            <TableRow key={o.id} data-testid={`orphan-${o.id}`}>
              <TableCell>
                {o.appName} / {o.targetName}
                {o.trigger && o.trigger !== "manual" && o.trigger !== "scheduler" ? <span className="ml-1 text-xs text-muted-foreground">({o.trigger})</span> : null}
              </TableCell>
              <TableCell className="break-all font-mono text-xs">
                <div>{o.path}</div>
                <div className="text-muted-foreground">in {o.root}</div>
                {o.present === false ? <Badge variant="muted">missing on disk</Badge> : null}
                {o.deleting ? <Badge variant="muted">{o.snapshot ? "being forgotten" : "being deleted"}</Badge> : null}
              </TableCell>
              <TableCell className="whitespace-nowrap text-right tabular-nums">{formatBytes(o.sizeBytes)}</TableCell>
              <TableCell className="hidden md:table-cell">
                <RelativeTime iso={o.takenAt} />
              </TableCell>
              <TableCell className="hidden lg:table-cell">
                <RelativeTime iso={o.orphanedAt} />
              </TableCell>
              {canDelete ? (
                <TableCell>
                  {o.deleting ? null : <DeleteOrphanButton id={o.id} label={o.path} snapshot={o.snapshot} />}
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
