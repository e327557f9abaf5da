import type { OrphanDto } from "@/lib/services/storage/orphans";
import { formatBytes } from "@/lib/ui/units";
import { RelativeTime } from "@/components/status/relative-time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DeleteOrphanButton } from "./delete-orphan-button";

/** Files left by deleted targets: where they are, whose they were, and (admin) a delete button. */
export function OrphanList({ orphans, canDelete }: { orphans: OrphanDto[]; canDelete: boolean }) {
  if (orphans.length === 0) return <p className="text-sm text-slate-600">None: every backup file on disk belongs to a target.</p>;
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
            <TableHead>Taken</TableHead>
            <TableHead>Left since</TableHead>
            {canDelete ? <TableHead>Actions</TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {orphans.map((o) => (
            <TableRow key={o.id} data-testid={`orphan-${o.id}`}>
              <TableCell>
                {o.appName} / {o.targetName}
                {o.trigger && o.trigger !== "manual" && o.trigger !== "scheduler" ? <span className="ml-1 text-xs text-slate-500">({o.trigger})</span> : null}
              </TableCell>
              <TableCell className="font-mono text-xs">
                <div>{o.path}</div>
                <div className="text-slate-500">in {o.root}</div>
                {!o.present ? <Badge variant="muted">missing on disk</Badge> : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatBytes(o.sizeBytes)}</TableCell>
              <TableCell>
                <RelativeTime iso={o.takenAt} />
              </TableCell>
              <TableCell>
                <RelativeTime iso={o.orphanedAt} />
              </TableCell>
              {canDelete ? (
                <TableCell>
                  <DeleteOrphanButton id={o.id} label={o.path} />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
