import Link from "next/link";
import { pageActor } from "@/lib/auth/page-actor";
import { listApps } from "@/lib/services/apps/list";
import { targetTypeCatalog } from "@/lib/services/targets/type-catalog";
import { storageChoices } from "@/lib/services/targets/storage-choices";
import { serverChoices } from "@/lib/services/servers/list";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { Alert } from "@/components/ui/alert";
import { TargetForm } from "@/components/forms/target/form";

export const dynamic = "force-dynamic";
export const metadata = { title: "New target" };

export default async function NewTargetPage({ searchParams }: { searchParams: Promise<{ app?: string }> }) {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="New target" />;
  const { app } = await searchParams;
  const apps = listApps(actor).map((a) => ({ id: a.id, name: a.name }));
  return (
    <>
      <PageHeader title="New target" description="One dataset of one app: a database, a folder, a volume or a script." />
      {apps.length === 0 ? (
        <Alert>
          A target belongs to an app: <Link href="/apps/new" className="underline">create an app</Link> first.
        </Alert>
      ) : (
        <TargetForm locations={storageChoices(actor)} servers={serverChoices(actor)} apps={apps} types={targetTypeCatalog()} defaultAppId={Number(app) || undefined} />
      )}
    </>
  );
}
