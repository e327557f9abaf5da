import Link from "next/link";
import type { Metadata } from "next";
import { idParam, orNotFound, pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { getTargetOverview } from "@/lib/services/targets/overview";
import { targetDeletionImpact } from "@/lib/services/targets/deletion-impact";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { BackupNowButton } from "@/components/runs/backup-now-button";
import { TargetDetails } from "@/components/targets/target-details";
import { TargetActionsMenu } from "@/components/targets/target-actions-menu";
import { TargetTrends } from "@/components/trends/target-trends";
import { PingUrls } from "@/components/targets/ping-urls";
import { TargetSchedules } from "@/components/schedules/target-schedules";
import { RetentionPreview } from "@/components/retention/retention-preview";
import { TargetStatusCell } from "@/components/status/target-status-cell";
import { RunProgress } from "@/components/runs/run-progress";
import { PitrPanel } from "@/components/targets/pitr-panel";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  try {
    const t = getTargetOverview(await pageActor(), idParam((await params).id));
    return { title: `${t.appName}/${t.name}` };
  } catch {
    return { title: "Target" };
  }
}

export default async function TargetPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  const id = idParam((await params).id);
  const target = orNotFound(() => getTargetOverview(actor, id));
  const isAdmin = actor.role === "admin";
  const label = `${target.appName}/${target.name}`;
  return (
    <>
      <PageHeader
        title={`${target.appName} / ${target.name}`}
        badge={<TargetStatusCell status={target.status} />}
        description={target.description ?? undefined}
        actions={
          <>
            <BackupNowButton targetId={target.id} targetType={target.type} canRun={can(actor.role, "run.trigger")} label={label} />
            <Button asChild variant="outline">
              <Link href={`/runs?targetId=${target.id}`}>All runs</Link>
            </Button>
            {isAdmin ? (
              <>
                <Button asChild variant="outline">
                  <Link href={`/targets/${target.id}/edit`}>Edit</Link>
                </Button>
                <TargetActionsMenu id={target.id} label={label} impact={targetDeletionImpact(actor, target.id)} />
              </>
            ) : null}
          </>
        }
      />
      {target.activeRun ? (
        <Link href={`/runs/${target.activeRun.id}`} className="mb-4 block rounded-lg border bg-card p-3 hover:bg-muted/40" aria-label={`Run ${target.activeRun.id} in progress`}>
          <RunProgress run={target.activeRun} />
        </Link>
      ) : null}
      <TargetDetails target={target} linkServers={isAdmin} />
      <div className="mt-6 grid gap-6">
        <TargetSchedules targetId={target.id} />
        {target.type === "postgres" ? <PitrPanel targetId={target.id} targetName={target.name} /> : null}
        {target.type === "external" ? null : <RetentionPreview targetId={target.id} />}
      </div>
      <TargetTrends targetId={target.id} />
      <PingUrls targetId={target.id} />
    </>
  );
}
