import Link from "next/link";
import type { Metadata } from "next";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { buttonVariants } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { RunLive } from "@/components/runs/run-live";
import { LiveDuration } from "@/components/runs/live-duration";
import { CancelRunButton } from "@/components/runs/cancel-run-button";
import { RetryButton } from "@/components/runs/retry-button";
import { RunRestoreActions } from "@/components/restore/run-restore-actions";
import { RunVerification } from "@/components/runs/run-verification";
import { RunCopies } from "@/components/runs/run-copies";
import { runCopiesForPage } from "@/lib/services/runs/copies";
import { idParam, orNotFound, pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { getRun } from "@/lib/services/runs/get";
import { listRunFiles } from "@/lib/services/runs/snapshot-files";
import { SnapshotBrowser } from "@/components/runs/snapshot-browser";
import { formatBytes } from "@/lib/ui/units";
import { artifactStateWords } from "@/lib/ui/artifact-state";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Run #${(await params).id}` };
}

const PROBLEM = new Set(["failed", "partial", "interrupted", "cancelled"]);

export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await pageActor();
  const id = idParam((await params).id);
  const run = orNotFound(() => getRun(actor, id));
  const sp = await searchParams;
  const copies = runCopiesForPage(actor, run.id);
  // A restic run: one folder of its snapshot (restic ls), from the URL's path / q / offset; from a
  // copy location's repository when the primary's snapshot is gone.
  const browse = run.snapshot && (run.artifactState === "snapshot" || copies.some((c) => c.status === "copied" && c.snapshotId))
    ? await listRunFiles(actor, id, { path: sp.path ?? "/", q: sp.q || undefined, offset: sp.offset ?? 0 }).then((folder) => ({ folder, error: null }), (e: Error) => ({ folder: null, error: e.message }))
    : null;
  const active = run.status === "queued" || run.status === "running";
  const isBase = run.kind === "pitr-base";
  const canDownload = can(actor.role, "artifact.download") && run.artifactState === "present";
  const figures: [string, React.ReactNode][] = [
    ["Queued", <RelativeTime key="q" iso={run.queuedAt} exact />],
    ["Started", <RelativeTime key="s" iso={run.startedAt} exact empty={active ? "not yet" : "—"} />],
    ["Finished", <RelativeTime key="f" iso={run.finishedAt} exact empty={active ? "not yet" : "—"} />],
    ["Duration", <LiveDuration key="d" startedAt={run.startedAt} durationMs={run.durationMs} running={run.status === "running"} />],
    ["Size", active && run.sizeBytes == null ? "when it ends" : formatBytes(run.sizeBytes)],
    ["Exit code", run.exitCode ?? "—"],
    ["Trigger", run.trigger + (run.attempt > 1 ? ` (attempt ${run.attempt})` : "")],
    ["User", run.userEmail ?? "—"],
    ...(run.snapshot
      ? ([
          ["Snapshot", `${run.snapshot.id} · ${run.snapshot.filesNew} new, ${run.snapshot.filesChanged} changed, ${run.snapshot.filesUnmodified} unmodified`],
          ["Data added", `${formatBytes(run.snapshot.dataAddedBytes)} of ${formatBytes(run.snapshot.totalBytes)}`],
        ] as [string, React.ReactNode][])
      : []),
    ...(run.pitrBase
      ? ([
          ["Kind", "PITR base backup (pg_basebackup)"],
          ["WAL needed", <span key="w" data-testid="run-wal-range">{run.pitrBase.startWal ?? "—"} … {run.pitrBase.endWal ?? "—"}</span>],
          ["LSN range", run.pitrBase.startLsn ? `${run.pitrBase.startLsn} → ${run.pitrBase.endLsn ?? "?"} (timeline ${run.pitrBase.timeline ?? "?"})` : "—"],
          ["Files", run.pitrBase.files.length ? run.pitrBase.files.map((f) => `${f.name} (${formatBytes(f.size)})`).join(", ") : "—"],
          ["Offsite copies", run.pitrBase.copies.length ? run.pitrBase.copies.map((c) => `${c.storage}${c.encryption === "age" ? " (encrypted)" : ""}`).join(", ") : "—"],
        ] as [string, React.ReactNode][])
      : []),
    ["Artifact", run.artifactName ? `${run.artifactName} (${artifactStateWords(run.artifactState)})` : artifactStateWords(run.artifactState)],
  ];
  return (
    <>
      <PageHeader
        title={`Run #${run.id}`}
        badge={<StatusBadge status={run.status} />}
        description={
          <>
            <Link href={`/targets/${run.targetId}`} className="underline-offset-2 hover:underline">
              {run.appName} / {run.targetName}
            </Link>{" "}
            · {run.targetType}
          </>
        }
        actions={
          <>
            {active && can(actor.role, "run.cancel") ? <CancelRunButton runId={run.id} /> : null}
            {isBase ? null : <RetryButton runId={run.id} status={run.status} targetType={run.targetType} canRetry={can(actor.role, "run.trigger")} />}
            {canDownload ? (
              <>
                <a href={`/api/runs/${run.id}/artifact`} download className={buttonVariants({ variant: "default" })}>
                  Download artifact
                </a>
                <a href={`/api/runs/${run.id}/sha256`} download className={buttonVariants({ variant: "outline" })}>
                  Download .sha256
                </a>
              </>
            ) : null}
          </>
        }
      />
      {isBase ? (
        <Alert className="mb-4">
          <p>
            A base backup for point-in-time recovery: restore it to any moment of the target&apos;s recovery window from the{" "}
            <Link href={`/targets/${run.targetId}`} className="underline">
              target page
            </Link>
            .
          </p>
        </Alert>
      ) : null}
      <RunRestoreActions runId={run.id} canRestore={can(actor.role, "restore.execute")} hasArtifact={run.artifactState === "present"} />
      <RunVerification run={run} />
      {PROBLEM.has(run.status) && run.error ? (
        <Alert variant={run.status === "failed" || run.status === "interrupted" ? "destructive" : "warning"} className="mb-4">
          <p className="font-semibold">{run.status === "partial" ? "Finished with problems" : "Why it did not succeed"}</p>
          <pre className="mt-1 whitespace-pre-wrap break-words font-mono text-xs" data-testid="run-error">
            {run.error}
          </pre>
        </Alert>
      ) : null}
      <Card className="mb-4">
        <CardHeader>
          <CardTitle>Figures</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 xl:grid-cols-3">
            {figures.map(([k, v]) => (
              <div key={k} className="grid min-w-0 grid-cols-[6.5rem_minmax(0,1fr)] gap-2">
                <dt className="text-muted-foreground">{k}</dt>
                <dd className="min-w-0 break-words">{v}</dd>
              </div>
            ))}
          </dl>
          {run.sha256 ? (
            <div className="mt-3 grid gap-1 text-sm">
              <span className="text-muted-foreground">SHA-256</span>
              <CodeBlock label="SHA-256" code={run.sha256} testId="run-sha256" />
            </div>
          ) : null}
        </CardContent>
      </Card>
      <RunCopies runId={run.id} copies={copies} canDownload={can(actor.role, "artifact.download")} />
      {browse ? <SnapshotBrowser runId={run.id} folder={browse.folder} error={browse.error} q={sp.q ?? ""} canDownload={can(actor.role, "artifact.download")} /> : null}
      <RunLive key={run.id} initial={run} />
    </>
  );
}
