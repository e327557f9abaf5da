import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listRestores } from "@/lib/services/restores/query";
import { listUploadTargets } from "@/lib/services/restores/upload-targets";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { UploadForm } from "@/components/restore/upload-form";
import { formatDuration } from "@/lib/ui/units";

export const dynamic = "force-dynamic";
export const metadata = { title: "Restores" };

export default async function RestoresPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const { items, total } = listRestores(actor, { page, pageSize: 50 });
  const pages = Math.max(1, Math.ceil(total / 50));
  return (
    <div className="grid gap-4">
      <PageHeader title="Restores" description="Restores and test restores, newest first. Start one from a run's page (Restore…)." />
      <Table aria-label="Restores">
        <TableHeader>
          <TableRow>
            <TableHead>#</TableHead>
            <TableHead>Target</TableHead>
            <TableHead className="hidden md:table-cell">Kind</TableHead>
            <TableHead className="hidden lg:table-cell">From run</TableHead>
            <TableHead className="hidden lg:table-cell">Destination</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="hidden sm:table-cell">Queued</TableHead>
            <TableHead className="hidden md:table-cell">Duration</TableHead>
            <TableHead className="hidden lg:table-cell">By</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.length === 0 ? (
            <TableRow>
              <TableCell colSpan={9} className="text-muted-foreground">
                No restores yet.
              </TableCell>
            </TableRow>
          ) : null}
          {items.map((r) => (
            <TableRow key={r.id}>
              <TableCell>
                <Link className="underline" href={`/restores/${r.id}`}>
                  #{r.id}
                </Link>
              </TableCell>
              <TableCell>
                {r.appName} / {r.targetName}
              </TableCell>
              <TableCell className="hidden md:table-cell">{r.kind === "test" ? "test restore" : "restore"}</TableCell>
              <TableCell className="hidden lg:table-cell">
                <Link className="underline" href={`/runs/${r.runId}`}>
                  run #{r.runId}
                </Link>
              </TableCell>
              <TableCell className="hidden max-w-72 truncate lg:table-cell">{r.destinationLabel}</TableCell>
              <TableCell>
                <StatusBadge status={r.status} />
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                <RelativeTime iso={r.queuedAt} />
              </TableCell>
              <TableCell className="hidden md:table-cell">{formatDuration(r.durationMs)}</TableCell>
              <TableCell className="hidden lg:table-cell">{r.userEmail ?? "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {pages > 1 ? (
        <div className="flex gap-3 text-sm">
          <span>
            Page {page} of {pages}
          </span>
          {page > 1 ? <Link className="underline" href={`?page=${page - 1}`}>Previous</Link> : null}
          {page < pages ? <Link className="underline" href={`?page=${page + 1}`}>Next</Link> : null}
        </div>
      ) : null}
      {can(actor.role, "artifact.upload") ? (
        <Card>
          <CardHeader>
            <CardTitle>Upload an artifact</CardTitle>
            <p className="text-sm text-muted-foreground">
              A Lifeboat artifact made elsewhere becomes a run of the target you choose (same type), ready to preview and restore.
            </p>
          </CardHeader>
          <CardContent>
            <UploadForm targets={listUploadTargets(actor)} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
