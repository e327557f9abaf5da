import Link from "next/link";
import { pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { listTargetOverview } from "@/lib/services/targets/overview";
import { listApps } from "@/lib/services/apps/list";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { TargetsTable } from "@/components/targets/targets-table";
import { TargetsFilter } from "@/components/targets/targets-filter";
import { isTargetType } from "@/components/targets/type-labels";

export const dynamic = "force-dynamic";
export const metadata = { title: "Targets" };

export default async function TargetsPage({ searchParams }: { searchParams: Promise<{ app?: string; type?: string; q?: string }> }) {
  const actor = await pageActor();
  const { app, type, q } = await searchParams;
  const appId = Number(app) > 0 ? Number(app) : undefined;
  const typeFilter = isTargetType(type) ? type : undefined;
  const targets = listTargetOverview(actor, { appId, type: typeFilter });
  const apps = listApps(actor);
  const isAdmin = actor.role === "admin";
  return (
    <>
      <PageHeader
        title="Targets"
        description="Every dataset that is backed up: a database, a folder, a volume or a script."
        actions={
          isAdmin ? (
            <Button asChild>
              <Link href={appId ? `/targets/new?app=${appId}` : "/targets/new"}>New target</Link>
            </Button>
          ) : null
        }
      />
      <TargetsFilter apps={apps} app={appId ? String(appId) : undefined} type={typeFilter} />
      <TargetsTable
        targets={targets}
        canRun={can(actor.role, "run.trigger")}
        isAdmin={isAdmin}
        emptyText={appId || typeFilter ? "No target matches these filters." : "No targets yet."}
        initialQuery={q ?? ""}
        searchable
      />
    </>
  );
}
