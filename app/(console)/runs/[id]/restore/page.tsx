import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import { getRestorePreview, searchRunPaths } from "@/lib/services/restores/preview";
import type { DestinationInput } from "@/lib/services/restores/shapes";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { ArtifactContents } from "@/components/restore/artifact-contents";
import { DestinationChooser } from "@/components/restore/destination-chooser";
import { DestinationState } from "@/components/restore/destination-state";
import { ManifestSummary } from "@/components/restore/manifest-summary";
import { ConfirmRestoreForm } from "@/components/restore/confirm-restore-form";
import { SourceChooser } from "@/components/restore/source-chooser";
import { formatBytes } from "@/lib/ui/units";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Restore preview: run #${(await params).id}` };
}

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

function destinationFrom(sp: Search): DestinationInput {
  const mode = one(sp.mode);
  if (mode === "alternate") return { mode, database: one(sp.database) || undefined, path: one(sp.path) || undefined, url: one(sp.url) || undefined, volume: one(sp.volume) || undefined };
  if (mode === "rdb_file") return { mode, path: one(sp.path) };
  return { mode: "original", deleteExtra: one(sp.deleteExtra) === "1" };
}

/** Read-only preview of a restore; operators confirm it at the bottom. */
export default async function RestorePreviewPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  const { id } = await params;
  const sp = await searchParams;
  const runId = Number(id);
  const destination = destinationFrom(sp);
  const storageId = /^\d+$/.test(one(sp.storage)) ? Number(one(sp.storage)) : null;
  let preview;
  try {
    preview = await getRestorePreview(actor, runId, destination, { storageId });
  } catch (e) {
    if (e instanceof NotFoundError) {
      return (
        <div>
          <PageHeader title={`Restore run #${id}`} />
          <Alert variant="destructive">{e.message}</Alert>
        </div>
      );
    }
    throw e;
  }
  if (!preview) notFound();
  const { run, manifest, contents, problem } = preview;
  const q = one(sp.q);
  const page = Math.max(1, Number(one(sp.page)) || 1);
  const paths = contents?.kind === "folder" ? await searchRunPaths(actor, runId, q, page) : null;
  const canRestore = can(actor.role, "restore.execute");
  const adminOnly = preview.needsAdmin && actor.role !== "admin";

  return (
    <div className="grid gap-4">
      <PageHeader
        title={`Restore preview: run #${run.id}`}
        description={
          <>
            {run.appName} / {run.targetName} ({run.targetType}) · <Link className="underline" href={`/runs/${run.id}`}>back to the run</Link>
          </>
        }
      />
      {problem ? <Alert variant="destructive">{problem}</Alert> : null}
      {preview.warnings.length ? (
        <Alert variant="warning" data-testid="restore-warnings">
          <ul className="grid list-disc gap-1 pl-4">
            {preview.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          {preview.restoreLogin ? <p className="mt-1">It is restored with the target&apos;s restricted restore login &quot;{preview.restoreLogin}&quot;.</p> : null}
        </Alert>
      ) : null}
      {run.verifyStatus ? (
        <Alert variant={run.verifyStatus === "ok" || run.verifyStatus === "restore-verified" ? "success" : "warning"}>
          Last verification: {run.verifyStatus}
          {run.verifyMessage ? ` — ${run.verifyMessage}` : ""}
        </Alert>
      ) : null}
      {preview.sources.length > 1 || preview.sources.some((s) => s.role === "copy") ? (
        <Card>
          <CardHeader>
            <CardTitle>Read from</CardTitle>
          </CardHeader>
          <CardContent>
            <SourceChooser
              sources={preview.sources}
              used={preview.source}
              chosen={storageId}
              query={Object.fromEntries(Object.entries(sp).flatMap(([k, v]) => (k === "page" || k === "q" ? [] : [[k, one(v)]])))}
            />
          </CardContent>
        </Card>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Manifest</CardTitle>
          </CardHeader>
          <CardContent>{manifest ? <ManifestSummary manifest={manifest} sizeBytes={run.sizeBytes} sha256={run.sha256} /> : "—"}</CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>What is inside</CardTitle>
          </CardHeader>
          <CardContent>{contents ? <ArtifactContents contents={contents} paths={paths} q={q} /> : "—"}</CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Destination</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <DestinationChooser targetType={run.targetType} value={destination} storage={storageId} />
          {preview.destination.error ? <Alert variant="destructive">{preview.destination.error}</Alert> : null}
          {preview.destination.label ? (
            <div className="grid gap-2 text-sm">
              <div>
                Restoring into <strong data-testid="destination-label">{preview.destination.label}</strong>.
              </div>
              {preview.destination.safetyBackup ? (
                <Alert>
                  Before anything is overwritten, Lifeboat takes a <strong>safety backup</strong> of the destination as it is now (kept
                  for the days set in Settings). If it fails, the restore does not start.
                </Alert>
              ) : (
                <Alert>No safety backup is needed: this destination is not the original and must be absent or empty.</Alert>
              )}
              {preview.destination.state ? <DestinationState state={preview.destination.state} /> : null}
              <div data-testid="space-check">
                Space needed at the destination: at least {formatBytes(preview.space.needBytes)}; free there:{" "}
                {preview.space.free ? `${formatBytes(preview.space.free.freeBytes)} (${preview.space.free.path})` : "unknown (Lifeboat cannot see that disk)"}.
                {preview.space.workNeedBytes ? ` Scratch space in the data directory: ${formatBytes(preview.space.workNeedBytes)} (free ${formatBytes(preview.space.workFree?.freeBytes)}).` : ""}
                {preview.space.enough === false ? <strong className="text-destructive"> Not enough free space.</strong> : null}
              </div>
            </div>
          ) : null}
        </CardContent>
      </Card>
      {canRestore && adminOnly ? <Alert variant="warning">Only an admin can restore an uploaded artifact into a database.</Alert> : null}
      {canRestore && !adminOnly && preview.restorable && !preview.destination.error ? (
        <Card>
          <CardHeader>
            <CardTitle>Confirm</CardTitle>
          </CardHeader>
          <CardContent>
            <ConfirmRestoreForm runId={run.id} targetName={run.targetName} destination={destination} isAdmin={actor.role === "admin"} storage={storageId} />
          </CardContent>
        </Card>
      ) : null}
      {!canRestore ? <p className="text-sm text-muted-foreground">Your role can preview but not restore.</p> : null}
    </div>
  );
}
