import type { Metadata } from "next";
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
import { LiveDuration } from "@/components/runs/live-duration";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Restore #${(await params).id}` };
}

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
    ["Queued", <RelativeTime key="q" iso={r.queuedAt} exact />],
    ["Started", <RelativeTime key="st" iso={r.startedAt} exact empty={live ? "not yet" : "—"} />],
    ["Finished", <RelativeTime key="f" iso={r.finishedAt} exact empty={live ? "not yet" : "—"} />],
    ["Duration", <LiveDuration key="d" startedAt={r.startedAt} durationMs={r.durationMs} running={r.status === "running"} />],
    ["By", r.userEmail ?? "—"],
  ];
  return (
    <div className="grid gap-4">
      <RefreshWhile active={live} />
      <PageHeader
        title={title}
        badge={<StatusBadge status={r.status} />}
        description={<Link className="underline-offset-2 hover:underline" href="/restores">All restores</Link>}
        actions={live && can(actor.role, "restore.execute") ? <CancelRestoreButton restoreId={r.id} test={r.kind === "test"} /> : null}
      />
      {r.status === "success" ? (
        <Alert variant="success">{r.kind === "test" ? "Verified: the backup restores and matches its manifest." : "The restore finished successfully."}</Alert>
      ) : null}
      {r.status === "failed" ? <Alert variant="destructive">Failed: {r.error}</Alert> : null}
      {r.status === "cancelled" ? <Alert variant="warning">{r.error ?? "Cancelled."}</Alert> : null}
      <Card>
        <CardContent className="pt-4">
          <dl className="grid gap-x-6 gap-y-2 text-sm lg:grid-cols-2">
            {rows.map(([k, v]) => (
              <div key={k} className="grid min-w-0 grid-cols-[7.5rem_minmax(0,1fr)] gap-2">
                <dt className="text-muted-foreground">{k}</dt>
                <dd className="min-w-0 break-words">{v}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      {r.safetyRunId && r.kind === "restore" && can(actor.role, "restore.execute") && !live ? (
        <Card>
          <CardHeader>
            <CardTitle>Roll back</CardTitle>
            <p className="text-sm text-muted-foreground">
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
          <pre aria-label="Restore log" className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-all rounded-md border bg-slate-950 p-3 font-mono text-xs text-slate-100">
            {log || (live ? "Waiting for the first lines…" : "No log.")}
          </pre>
        </CardContent>
      </Card>
    </div>
  );
}
