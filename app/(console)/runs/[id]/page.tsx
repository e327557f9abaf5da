import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { buttonVariants } from "@/components/ui/button";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { RunLive } from "@/components/runs/run-live";
import { CancelRunButton } from "@/components/runs/cancel-run-button";
import { RetryButton } from "@/components/runs/retry-button";
import { RunRestoreActions } from "@/components/restore/run-restore-actions";
import { RunVerification } from "@/components/runs/run-verification";
import { idParam, orNotFound, pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { getRun } from "@/lib/services/runs/get";
import { formatBytes, formatDuration } from "@/lib/ui/units";
import { artifactStateWords } from "@/lib/storage/artifact-state";

export const dynamic = "force-dynamic";

const PROBLEM = new Set(["failed", "partial", "interrupted", "cancelled"]);

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  const id = idParam((await params).id);
  const run = orNotFound(() => getRun(actor, id));
  const active = run.status === "queued" || run.status === "running";
  const canDownload = can(actor.role, "artifact.download") && run.artifactState === "present";
  const figures: [string, React.ReactNode][] = [
    ["Queued", <RelativeTime key="q" iso={run.queuedAt} />],
    ["Started", <RelativeTime key="s" iso={run.startedAt} />],
    ["Finished", <RelativeTime key="f" iso={run.finishedAt} />],
    ["Duration", formatDuration(run.durationMs)],
    ["Size", formatBytes(run.sizeBytes)],
    ["Exit code", run.exitCode ?? "—"],
    ["Trigger", run.trigger + (run.attempt > 1 ? ` (attempt ${run.attempt})` : "")],
    ["User", run.userEmail ?? "—"],
    ["Artifact", run.artifactName ? `${run.artifactName} (${artifactStateWords(run.artifactState)})` : artifactStateWords(run.artifactState)],
  ];
  return (
    <>
      <PageHeader
        title={`Run #${run.id}`}
        description={
          <>
            <Link href={`/targets/${run.targetId}`} className="underline">
              {run.appName} / {run.targetName}
            </Link>{" "}
            · {run.targetType}
          </>
        }
        actions={
          <>
            {active && can(actor.role, "run.cancel") ? <CancelRunButton runId={run.id} /> : null}
            <RetryButton runId={run.id} status={run.status} canRetry={can(actor.role, "run.trigger")} />
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
      <div className="mb-4 flex items-center gap-2 text-sm">
        <span className="text-slate-600">Status</span>
        <StatusBadge status={run.status} />
      </div>
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
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr_max-content_1fr]">
            {figures.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-600">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {run.sha256 ? (
            <p className="mt-2 text-sm">
              <span className="text-slate-600">SHA-256 </span>
              <code className="break-all text-xs" data-testid="run-sha256">
                {run.sha256}
              </code>
            </p>
          ) : null}
        </CardContent>
      </Card>
      <RunLive key={run.id} initial={run} />
    </>
  );
}
