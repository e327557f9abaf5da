import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import { getRestore, getRestoreLog } from "@/lib/services/restores/query";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { RefreshWhile } from "@/components/restore/refresh-while";
import { CancelRestoreButton } from "@/components/restore/cancel-restore-button";
import { formatDuration } from "@/lib/ui/units";

export const dynamic = "force-dynamic";

export default async function RestorePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  const id = Number((await params).id);
  let r;
  try {
    r = getRestore(actor, id);
  } catch (e) {
    if (e instanceof NotFoundError) return <Alert variant="destructive">{e.message}</Alert>;
    throw e;
  }
  const log = getRestoreLog(actor, id);
  const live = r.status === "queued" || r.status === "running";
  const title = r.kind === "test" ? `Test restore #${r.id}` : `Restore #${r.id}`;
  const rows: [string, React.ReactNode][] = [
    ["Status", <StatusBadge key="s" status={r.status} />],
    ["Target", `${r.appName} / ${r.targetName} (${r.targetType})`],
    ["From", <Link key="run" className="underline" href={`/runs/${r.runId}`}>run #{r.runId}</Link>],
    ["Destination", r.destinationLabel],
    [
      "Safety backup",
      r.kind === "test" ? (
        "not needed (scratch copy)"
      ) : r.safetyRunId ? (
        <Link key="sr" className="underline" href={`/runs/${r.safetyRunId}`}>run #{r.safetyRunId}</Link>
      ) : (
        "none"
      ),
    ],
    ["Override", r.safetyOverride ? "an admin overrode a failed safety backup" : "no"],
    ["Queued", <RelativeTime key="q" iso={r.queuedAt} />],
    ["Started", <RelativeTime key="st" iso={r.startedAt} />],
    ["Finished", <RelativeTime key="f" iso={r.finishedAt} />],
    ["Duration", formatDuration(r.durationMs)],
    ["By", r.userEmail ?? "—"],
  ];
  return (
    <div className="grid gap-4">
      <RefreshWhile active={live} />
      <PageHeader
        title={title}
        description={<Link className="underline" href="/restores">All restores</Link>}
        actions={live && can(actor.role, "restore.execute") ? <CancelRestoreButton restoreId={r.id} test={r.kind === "test"} /> : null}
      />
      {r.status === "success" ? (
        <Alert variant="success">{r.kind === "test" ? "Verified: the backup restores and matches its manifest." : "The restore finished successfully."}</Alert>
      ) : null}
      {r.status === "failed" ? <Alert variant="destructive">Failed: {r.error}</Alert> : null}
      {r.status === "cancelled" ? <Alert variant="warning">{r.error ?? "Cancelled."}</Alert> : null}
      <Card>
        <CardContent className="pt-4">
          <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-sm">
            {rows.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      {r.safetyRunId && r.kind === "restore" && can(actor.role, "restore.execute") && !live ? (
        <Card>
          <CardHeader>
            <CardTitle>Roll back</CardTitle>
            <p className="text-sm text-slate-600">
              Put the destination back as it was before this restore, from its safety backup (run #{r.safetyRunId}). Same flow: preview, confirm.
            </p>
          </CardHeader>
          <CardContent>
            <Button asChild variant="outline">
              <Link href={`/runs/${r.safetyRunId}/restore?mode=original`}>Restore the safety backup</Link>
            </Button>
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Log</CardTitle>
        </CardHeader>
        <CardContent>
          <pre aria-label="Restore log" className="max-h-[32rem] overflow-auto whitespace-pre-wrap rounded bg-slate-950 p-3 text-xs text-slate-100">
            {log || (live ? "Waiting for the first lines…" : "No log.")}
          </pre>
        </CardContent>
      </Card>
    </div>
  );
}
