import Link from "next/link";
import { idParam, orNotFound, pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { getApp } from "@/lib/services/apps/get";
import { listTargetOverview } from "@/lib/services/targets/overview";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { TargetsTable } from "@/components/targets/targets-table";
import { AppActionsMenu } from "@/components/apps/app-actions-menu";
import { appDeletionImpact } from "@/lib/services/targets/deletion-impact";
import type { Metadata } from "next";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  try {
    return { title: getApp(await pageActor(), idParam((await params).id)).name };
  } catch {
    return { title: "App" };
  }
}

export default async function AppPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  const id = idParam((await params).id);
  const app = orNotFound(() => getApp(actor, id));
  const targets = listTargetOverview(actor, { appId: id });
  const isAdmin = actor.role === "admin";
  return (
    <>
      <PageHeader
        title={app.name}
        description={app.description ?? undefined}
        actions={
          isAdmin ? (
            <>
              <Button asChild>
                <Link href={`/targets/new?app=${app.id}`}>New target</Link>
              </Button>
              <Button asChild variant="outline">
                <Link href={`/apps/${app.id}/edit`}>Edit</Link>
              </Button>
              <AppActionsMenu id={app.id} name={app.name} targetCount={app.targetCount} impact={appDeletionImpact(actor, app.id)} />
            </>
          ) : null
        }
      />
      <h2 className="mb-2 text-base font-semibold">Targets</h2>
      <TargetsTable targets={targets} canRun={can(actor.role, "run.trigger")} isAdmin={isAdmin} emptyText="This app has no targets yet." />
    </>
  );
}
