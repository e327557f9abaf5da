import Link from "next/link";
import { idParam, orNotFound, pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { getTargetOverview } from "@/lib/services/targets/overview";
import { targetDeletionImpact } from "@/lib/services/targets/deletion-impact";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { BackupNowButton } from "@/components/runs/backup-now-button";
import { TargetDetails } from "@/components/targets/target-details";
import { DeleteTargetButton } from "@/components/targets/delete-target-button";
import { TargetTrends } from "@/components/trends/target-trends";
import { PingUrls } from "@/components/targets/ping-urls";
import { TargetSchedules } from "@/components/schedules/target-schedules";
import { RetentionPreview } from "@/components/retention/retention-preview";

export const dynamic = "force-dynamic";

export default async function TargetPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  const id = idParam((await params).id);
  const target = orNotFound(() => getTargetOverview(actor, id));
  const isAdmin = actor.role === "admin";
  return (
    <>
      <PageHeader
        title={`${target.appName} / ${target.name}`}
        description={target.description ?? undefined}
        actions={
          <>
            <BackupNowButton targetId={target.id} targetType={target.type} canRun={can(actor.role, "run.trigger")} />
            <Button asChild variant="outline">
              <Link href={`/runs?targetId=${target.id}`}>All runs</Link>
            </Button>
            {isAdmin ? (
              <>
                <Button asChild variant="outline">
                  <Link href={`/targets/${target.id}/edit`}>Edit</Link>
                </Button>
                <DeleteTargetButton id={target.id} label={`${target.appName}/${target.name}`} impact={targetDeletionImpact(actor, target.id)} />
              </>
            ) : null}
          </>
        }
      />
      <TargetDetails target={target} />
      <div className="mt-6 grid gap-6">
        <TargetSchedules targetId={target.id} />
        <RetentionPreview targetId={target.id} />
      </div>
      <TargetTrends targetId={target.id} />
      <PingUrls targetId={target.id} />
    </>
  );
}
